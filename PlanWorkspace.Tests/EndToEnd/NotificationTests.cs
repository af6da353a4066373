using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>A mention rings the person's bell live; the bell and /notifications open the passage and mark it read.</summary>
[Trait("Category", "EndToEnd")]
public sealed class NotificationTests : BrowserTest
{
    [EndToEndFact]
    public async Task AMentionRingsTheBellLiveAndOpeningItShowsTheThreadAndMarksItRead()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisor = await SignInAsync("advisor1@plan.local");
        await OpenAsync(advisor, "/");
        await Assertions.Expect(advisor.GetByTestId("notification-count").Locator(".mud-badge")).ToHaveCountAsync(0);

        // The chair mentions the advisor in a comment (through the same service the page uses).
        var chair = await Server.ActorAsync("chair.industry-ax@plan.local");
        var session = await Server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(sectionId);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal);
        var thread = await Server.Service<ReviewService>().StartThreadAsync(chair, sectionId, new SelectionAt(version, start, start + 5, "비전 아래"), "@임도윤 님 이 문장 검토 부탁드립니다");
        Assert.True(thread.Succeeded, thread.Refusal?.Code);

        // No reload: the badge shows 1 and the menu names who and where.
        await Assertions.Expect(advisor.GetByTestId("notification-count").Locator(".mud-badge")).ToHaveTextAsync("1");
        await advisor.GetByTestId("notification-menu").Locator("button").First.ClickAsync();
        var item = advisor.GetByTestId("notification").First;
        await Assertions.Expect(item).ToContainTextAsync("이서연님이 회원님을 언급했습니다");
        await advisor.ScreenshotAsync(new() { Path = Artifact("notifications-bell-ko.png") });
        // A real link: the browser navigates at once (and a middle click opens a tab); marking read goes alongside.
        await Assertions.Expect(advisor.Locator("a.mud-menu-item", new() { Has = item })).ToHaveAttributeAsync("href", $"sections/{sectionId}?mark=t{thread.Value}");
        await item.ClickAsync();

        await advisor.WaitForURLAsync(new Regex($"/sections/{sectionId}\\?mark=t{thread.Value}$"));
        await Assertions.Expect(advisor.Locator($"[data-testid=thread-card][data-mark-id=t{thread.Value}]")).ToHaveClassAsync(new Regex("pw-review-card-active"));
        await advisor.WaitForFunctionAsync("() => { const v = document.querySelector('[data-testid=editor-host]')?.pwEditor?.view; if (!v) return false; const s = v.state.selection.main; return v.state.sliceDoc(s.from, s.to) === '비전 아래'; }");
        await Assertions.Expect(advisor.GetByTestId("notification-count").Locator(".mud-badge")).ToHaveCountAsync(0);

        // The page of everything addressed to them keeps it, read.
        await OpenAsync(advisor, "/notifications");
        var row = advisor.GetByTestId("notification-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-read", "true");
        await Assertions.Expect(row).ToContainTextAsync("산업AX");
    }

    [EndToEndFact]
    public async Task TheNotificationsPageFitsPhonesAndDesktopsInKoreanAndEnglish()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await Server.ActorAsync("chair.industry-ax@plan.local");
        var review = Server.Service<ReviewService>();
        var session = await Server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(sectionId);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal);
        var advisor = await Server.ActorAsync("advisor1@plan.local");
        var suggestion = await review.SuggestAsync(advisor, sectionId, new SelectionAt(version, start, start + 5, "비전 아래"), "비전 하에서", "어순");
        Assert.True((await review.ReplyToSuggestionAsync(chair, suggestion.Value, "@임도윤 근거 자료를 붙여 주세요")).Succeeded);
        Assert.True((await review.RejectAsync(chair, suggestion.Value, "현행 유지")).Succeeded);

        foreach (var (culture, width, height) in new[] { ("ko-KR", 1440, 900), ("en-US", 1440, 900), ("ko-KR", 360, 780), ("en-US", 360, 780) })
        {
            var page = await SignInAsync("advisor1@plan.local", culture, width, height);
            await OpenAsync(page, "/notifications");
            await Assertions.Expect(page.GetByTestId("notification-row")).ToHaveCountAsync(2);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"{culture} {width}px scrolls sideways");
            var lang = culture[..2];
            await page.ScreenshotAsync(new() { Path = Artifact($"notifications-{lang}-{width}.png"), FullPage = true });
            if (width == 1440)
            {
                await OpenAsync(page, $"/sections/{sectionId}?mark=s{suggestion.Value}");
                await Assertions.Expect(page.Locator($"[data-testid=suggestion-card][data-mark-id=s{suggestion.Value}]")).ToContainTextAsync("근거 자료");
                await page.ScreenshotAsync(new() { Path = Artifact($"suggestion-replies-{lang}-{width}.png"), FullPage = true });
            }
            await page.Context.CloseAsync();
        }
    }
}
