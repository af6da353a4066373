using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>The editor in Chromium when the database cannot store anything for a while.</summary>
[Trait("Category", "EndToEnd")]
public sealed class EditorResilienceTests : BrowserTest
{
    // A 2 s busy timeout instead of 30 s, so a held write lock makes commits fail quickly.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Plan"] = "{db};Default Timeout=2",
    };

    [EndToEndFact]
    public async Task TypingWhileTheDatabaseIsStalledIsKeptAndStoredOnceItRecovers()
    {
        var sectionId = await Server.SectionIdAsync("tech-infra");
        var page = await OpenSectionAsync("chair.tech-infra@plan.local", sectionId);
        await page.Locator("[data-testid=editor] .cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        var status = page.GetByTestId("editor-status");

        await using (new HeldWriteLock(Server.App.Database.ConnectionString))
        {
            await page.Keyboard.TypeAsync(" 정체중입력", new() { Delay = 30 });
            // The commit fails after the busy timeout: the editor says it is retrying, in Korean.
            await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "retrying", new() { Timeout = 20_000 });
            await Assertions.Expect(status).ToContainTextAsync("다시 보내는 중");
            await page.Keyboard.TypeAsync(" 계속", new() { Delay = 30 });
            await page.ScreenshotAsync(new() { Path = Artifact("editor-retrying-ko.png") });
            Assert.Equal(0, (await Server.ReplayOpLogAsync(sectionId)).Version);
        }

        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 30_000 });
        var (text, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.EndsWith(" 정체중입력 계속", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "정체중입력"));
        Assert.Equal(text, await EditorTextAsync(page));
    }
}
