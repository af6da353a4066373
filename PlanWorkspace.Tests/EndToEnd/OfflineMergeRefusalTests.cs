using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// A long offline branch whose merge the server refuses for good (ADR-020): here its base version
/// is no longer held (the session keeps only 100 versions). An ordinary push's refusal reloads the
/// section; the merge's keeps the branch in the editor instead.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class OfflineMergeRefusalTests : BrowserTest
{
    private const string Host = "document.querySelector('[data-testid=editor-host]').pwEditor";

    protected override IReadOnlyDictionary<string, string?>? Settings =>
        new Dictionary<string, string?> { ["Collaboration:RetainedVersions"] = "100" };

    [EndToEndFact]
    public async Task AMergeRefusedForGoodKeepsTheBranchInTheEditorInsteadOfReloadingItAway()
    {
        await using var proxy = new TcpCutProxy(Server.BaseAddress);
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var page = await SignInAsync("chair.industry-ax@plan.local", via: proxy.BaseAddress);
        await OpenAsync(page, $"/sections/{sectionId}");
        await WaitForEditorAsync(page);
        await using var remote = await Server.ConnectAsync("secretariat@plan.local", sectionId);
        await OfflineMergeTests.CutAsync(page, proxy);

        Assert.Equal(60, await OfflineMergeTests.TypeAsync(page, 60));
        var typed = await EditorTextAsync(page);
        await OfflineMergeTests.EditRemotelyAsync(remote, 400, batch: 100);
        var (logBefore, versionBefore) = await Server.ReplayOpLogAsync(sectionId);

        proxy.Restore();
        var status = page.GetByTestId("editor-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 60_000 });
        await Assertions.Expect(status).ToContainTextAsync("병합하지 못했습니다");
        await Assertions.Expect(status).ToContainTextAsync("복사해 두신 뒤");
        Assert.Equal(typed, await EditorTextAsync(page));
        Assert.Equal(60, LocalMarker().Matches(typed).Count);
        Assert.True(await page.EvaluateAsync<bool>($"() => {Host}.stranded && !{Host}.mergeInDoubt && {Host}.view.state.readOnly"));
        Assert.Equal("true", await page.EvaluateAsync<string>($"() => {Host}.view.contentDOM.getAttribute('aria-readonly')"));

        // What else sets the status (here: leaving suggesting mode says "saved") does not hide it.
        await page.EvaluateAsync($"() => {{ {Host}.setSuggesting(true); {Host}.setSuggesting(false); }}");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(status).ToContainTextAsync("병합하지 못했습니다");

        await Task.Delay(1_000);
        Assert.Equal((logBefore, versionBefore), await Server.ReplayOpLogAsync(sectionId));
        Assert.Empty(LocalMarker().Matches(logBefore));
    }

    [GeneratedRegex(@"⟨L(\d+)⟩")]
    private static partial Regex LocalMarker();
}
