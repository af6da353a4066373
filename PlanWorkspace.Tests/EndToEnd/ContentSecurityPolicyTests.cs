using Microsoft.Playwright;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The app under its Content-Security-Policy in Chromium: every page works and the browser reports no
/// violation. On the way, the review queue with a section changed after submission and one too
/// large to compare, in both languages and at desktop and phone widths.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ContentSecurityPolicyTests : BrowserTest
{
    private async Task<int> TypeAsync(int sectionId, string email, string text)
    {
        var author = await Server.ActorAsync(email);
        var session = (await Server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
        var (version, current) = session.Current();
        var outcome = await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(current.Length, current.Length, current.Length, text), $"test-{Guid.NewGuid():N}")], author.PersonId);
        Assert.NotEmpty(outcome.Accepted);
        return outcome.Version;
    }

    [EndToEndFact]
    public async Task EveryPageWorksUnderThePolicyWithoutAViolation()
    {
        var workflow = Server.Service<SectionWorkflow>();
        var industry = await Server.SectionIdAsync("industry-ax");
        Assert.True((await workflow.SubmitAsync(await Server.ActorAsync("chair.industry-ax@plan.local"), industry)).Succeeded);
        await TypeAsync(industry, "chair.industry-ax@plan.local", "\n\n제출 뒤에 덧붙인 문장 SNEAKED.");
        var infra = await Server.SectionIdAsync("tech-infra");
        await TypeAsync(infra, "chair.tech-infra@plan.local", "\n\n" + string.Concat(Enumerable.Repeat("대용량 부록 문단입니다. ", 16_000)));
        Assert.True((await workflow.SubmitAsync(await Server.ActorAsync("chair.tech-infra@plan.local"), infra)).Succeeded);

        foreach (var (culture, tag) in new[] { ("ko-KR", "ko"), ("en-US", "en") })
        {
            foreach (var width in new[] { 1440, 360 })
            {
                var page = await SignInAsync("vicechair@plan.local", culture, width, 900);
                var violations = new List<string>();
                page.Console += (_, message) =>
                {
                    if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                    {
                        violations.Add(message.Text);
                    }
                };
                page.PageError += (_, error) => violations.Add(error);

                await OpenAsync(page, "/review-queue");
                await Assertions.Expect(page.GetByTestId("queue-changed")).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByTestId("diff-too-large")).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByTestId("diff-download")).ToHaveCountAsync(2);
                await page.ScreenshotAsync(new() { Path = Artifact($"review-queue-{tag}-{width}.png"), FullPage = width > 400 });

                if (width > 400)
                {
                    // A download link is a plain file, outside Blazor's router.
                    var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("diff-download").Last.ClickAsync());
                    Assert.EndsWith(".md", download.SuggestedFilename, StringComparison.Ordinal);

                    await OpenAsync(page, $"/sections/{industry}");
                    await WaitForEditorAsync(page);
                    await OpenAsync(page, $"/sections/{industry}/history");
                    await OpenAsync(page, "/plan");
                    await OpenAsync(page, "/");
                    await Assertions.Expect(page.GetByTestId("progress-charts").Locator("svg").First).ToBeVisibleAsync();
                }
                Assert.True(violations.Count == 0, string.Join('\n', violations));
                await page.Context.CloseAsync();
            }
        }
    }
}
