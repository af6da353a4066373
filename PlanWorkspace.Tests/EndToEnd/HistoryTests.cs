using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class HistoryTests : BrowserTest
{
    private static async Task TypeAtEndAsync(IPage page, string text)
    {
        await page.WaitForSelectorAsync("[data-testid=editor] .cm-content");
        await page.Locator("[data-testid=editor] .cm-line").Last.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.InsertTextAsync(text);
        await Assertions.Expect(page.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "saved");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await page.EvaluateAsync<int>("() => document.querySelector('[data-testid=editor-host]').pwEditor.unconfirmed") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [EndToEndFact]
    public async Task AChairEditsNamesAVersionEditsAgainComparesAndRestoresWhileAnotherEditorWatches()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await SignInAsync("chair.industry-ax@plan.local", "ko-KR");
        await OpenAsync(chair, $"/sections/{sectionId}");
        await TypeAtEndAsync(chair, "\n\n제조 AI 전환을 추진한다.");
        var named = await EditorTextAsync(chair);

        // Name the current version from the history page.
        await chair.GetByTestId("open-history").ClickAsync();
        await chair.WaitForURLAsync(new Regex($"/sections/{sectionId}/history$"));
        await Assertions.Expect(chair.GetByTestId("checkpoint").First).ToBeVisibleAsync();
        await chair.Locator("input[data-testid=version-name], [data-testid=version-name] input").FillAsync("분과 초안 제출");
        await chair.Keyboard.PressAsync("Tab");
        await chair.GetByTestId("name-version").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("named-version")).ToContainTextAsync("분과 초안 제출");
        await Assertions.Expect(chair.GetByTestId("checkpoint-name").First).ToHaveTextAsync("분과 초안 제출");

        // Edit again, with the secretariat watching the same section.
        await chair.GetByTestId("back-to-section").ClickAsync();
        await chair.WaitForURLAsync(new Regex($"/sections/{sectionId}$"));
        await chair.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });
        await TypeAtEndAsync(chair, " 물류와 조선 분야로 확산한다.");
        var watcher = await SignInAsync("secretariat@plan.local", "ko-KR");
        await OpenAsync(watcher, $"/sections/{sectionId}");
        await watcher.WaitForSelectorAsync("[data-testid=editor] .cm-content");
        Assert.EndsWith("확산한다.", await EditorTextAsync(watcher));

        // Compare the named version with the latest: the new words are marked as inserted.
        await OpenAsync(chair, $"/sections/{sectionId}/history");
        await chair.Locator(".mud-tab", new() { HasText = "버전 비교" }).ClickAsync();
        await chair.GetByTestId("compare").ClickAsync();
        await Assertions.Expect(chair.Locator("[data-testid=diff-side-by-side] ins.diff-ins").First).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator("[data-testid=diff-side-by-side]")).ToContainTextAsync("확산한다");
        await chair.ScreenshotAsync(new() { Path = Artifact("history-diff-ko.png"), FullPage = true });

        // Restore the named version: a new edit that the watcher's editor receives live.
        await chair.GetByTestId("named-version").Locator("a, .mud-link").First.ClickAsync();
        await chair.GetByTestId("restore").ClickAsync();
        await chair.GetByTestId("restore-confirm").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("history-message")).ToContainTextAsync("복원했습니다");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await EditorTextAsync(watcher) != named && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(named, await EditorTextAsync(watcher));
        var (logText, logVersion) = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal(named, logText);
        Assert.Contains($"v{logVersion}", await chair.GetByTestId("history-timeline").TextContentAsync());
        await chair.GetByTestId("authorship-toggle").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("authorship-legend")).ToContainTextAsync("이서연");
        await chair.ScreenshotAsync(new() { Path = Artifact("history-restored-ko.png"), FullPage = true });

        // The same history in English, for an advisor who may read but not restore.
        var advisor = await SignInAsync("advisor1@plan.local", "en-US");
        await OpenAsync(advisor, $"/sections/{sectionId}/history");
        await Assertions.Expect(advisor.GetByTestId("named-version")).ToContainTextAsync("분과 초안 제출");
        await Assertions.Expect(advisor.GetByText("Version history").First).ToBeVisibleAsync();
        Assert.Equal(0, await advisor.GetByTestId("restore").CountAsync());
        Assert.Equal(0, await advisor.GetByTestId("name-version").CountAsync());
        await advisor.Locator(".mud-tab", new() { HasText = "Compare versions" }).ClickAsync();
        await advisor.Locator("input[data-testid=diff-from], [data-testid=diff-from] input").FillAsync((logVersion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await advisor.Keyboard.PressAsync("Tab");
        await advisor.GetByTestId("compare").ClickAsync();
        await Assertions.Expect(advisor.Locator("[data-testid=diff-side-by-side] del.diff-del").First).ToBeVisibleAsync();
        await Assertions.Expect(advisor.Locator("[data-testid=diff-side-by-side]")).ToBeVisibleAsync();
        await advisor.ScreenshotAsync(new() { Path = Artifact("history-en.png"), FullPage = true });
    }

    [EndToEndFact]
    public async Task AVersionAndADiffShowTargetShortcodesAsTheCardsThePreviewShowsInBothLanguagesAndOnAPhone()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await SignInAsync("chair.industry-ax@plan.local", "ko-KR");
        await OpenAsync(chair, $"/sections/{sectionId}");
        await TypeAtEndAsync(chair, "\n\n{{target:gpu-2030}}\n");
        var (_, latest) = await Server.ReplayOpLogAsync(sectionId);

        foreach (var (culture, width, compare) in new[] { ("ko-KR", 1440, "버전 비교"), ("en-US", 1440, "Compare versions"), ("ko-KR", 360, "버전 비교"), ("en-US", 360, "Compare versions") })
        {
            var page = width == 1440 && culture == "ko-KR" ? chair : await SignInAsync("chair.industry-ax@plan.local", culture, width, 800);
            await OpenAsync(page, $"/sections/{sectionId}/history");
            // The version as rendered: the seeded {{target:manufacturing-2030}} is a card, never source.
            await Assertions.Expect(page.Locator(".target-card").First).ToBeVisibleAsync();
            await page.Locator(".mud-tab", new() { HasText = compare }).ClickAsync();
            await page.Locator("input[data-testid=diff-from], [data-testid=diff-from] input").FillAsync((latest - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.Keyboard.PressAsync("Tab");
            await page.GetByTestId("compare").ClickAsync();
            var diff = page.GetByTestId("diff-rendered").Last;
            await Assertions.Expect(diff.Locator("ins.diff-ins").First).ToContainTextAsync("첨단 GPU 확보 규모");
            Assert.DoesNotContain("{{target:", await page.Locator("main").InnerTextAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"{culture} at {width} px scrolls sideways");
            await page.ScreenshotAsync(new() { Path = Artifact($"history-shortcode-{culture[..2]}-{width}.png"), FullPage = true });
        }
    }
}
