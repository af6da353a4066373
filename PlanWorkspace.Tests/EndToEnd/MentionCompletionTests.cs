using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// "@" and a few letters in a comment list the section's readers; the arrows and Enter (or a click)
/// write the mention the server recognises, and the person chosen is notified.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MentionCompletionTests : BrowserTest
{
    private const string Editor = "document.querySelector('[data-testid=editor-host]').pwEditor";

    [EndToEndFact]
    public async Task AnAdvisorPicksTheChairFromTheListByKeyboardAndOnlyTheChairIsNotified()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisor = await OpenSectionAsync("advisor1@plan.local", sectionId);
        var field = await OpenCommentAsync(advisor);

        await field.PressSequentiallyAsync("근거 자료 확인 부탁드립니다 @이서");
        var list = advisor.Locator("#pw-mention-list");
        await Assertions.Expect(list).ToBeVisibleAsync();
        var first = list.Locator("[role=option]").First;
        await Assertions.Expect(first).ToContainTextAsync("이서연");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-activedescendant", "pw-mention-option-0");
        await Assertions.Expect(field).ToBeFocusedAsync(); // the list never takes focus

        // An open list passes the same audit as the pages.
        var axe = await advisor.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag22aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.True(serious.Count == 0, string.Join(", ", serious));
        await advisor.ScreenshotAsync(new() { Path = Artifact("mention-list-ko-1500.png") });

        await field.PressAsync("Enter");
        await Assertions.Expect(list).ToBeHiddenAsync();
        await Assertions.Expect(field).ToHaveValueAsync("근거 자료 확인 부탁드립니다 @이서연 ");
        Assert.Null(await field.GetAttributeAsync("aria-activedescendant"));

        // Escape closes the list and leaves what was typed; nobody matching says so.
        await field.PressSequentiallyAsync("@zzqq");
        await Assertions.Expect(list).ToContainTextAsync("일치하는 사람이 없습니다");
        await field.PressAsync("Escape");
        await Assertions.Expect(list).ToBeHiddenAsync();
        for (var i = 0; i < "@zzqq".Length; i++)
        {
            await field.PressAsync("Backspace");
        }

        // With the list closed the field types as usual, and the Blazor binding holds the picked name.
        await field.PressSequentiallyAsync("회의 전까지요.");
        await advisor.GetByTestId("compose-submit").ClickAsync();
        await Assertions.Expect(advisor.Locator("[data-testid=thread-comment]").Filter(new() { HasText = "@이서연 회의 전까지요." })).ToHaveCountAsync(1);

        var notified = await Server.Service<NotificationService>().ListAsync(await Server.ActorAsync("chair.industry-ax@plan.local"), unreadOnly: true);
        Assert.Contains(notified, n => n.SectionId == sectionId && n.Topic == NotificationTopic.Mention && n.ActorName == "임도윤");
        var vice = await Server.Service<NotificationService>().ListAsync(await Server.ActorAsync("vicechair@plan.local"), unreadOnly: true);
        Assert.DoesNotContain(vice, n => n.SectionId == sectionId && n.Topic == NotificationTopic.Mention);
    }

    [EndToEndTheory]
    [InlineData("ko-KR", 1440)]
    [InlineData("en-US", 1440)]
    [InlineData("ko-KR", 360)]
    [InlineData("en-US", 360)]
    public async Task TheListFitsTheWindowAndAClickWritesTheMention(string culture, int width)
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await SignInAsync("chair.industry-ax@plan.local", culture, width, width < 600 ? 780 : 900);
        await OpenAsync(chair, $"/sections/{sectionId}");
        await WaitForEditorAsync(chair);
        var field = await OpenCommentAsync(chair);

        await field.PressSequentiallyAsync("@"); // everyone who may read the section, up to eight
        var options = chair.Locator("#pw-mention-list [role=option]");
        await Assertions.Expect(options.First).ToBeVisibleAsync();
        Assert.InRange(await options.CountAsync(), 2, 8);
        var box = await chair.Locator("#pw-mention-list").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"list at {box.X}+{box.Width} in {width}px");
        Assert.True(box.Y >= 0 && box.Y + box.Height <= (width < 600 ? 780 : 900), $"list at {box.Y}+{box.Height}");
        Assert.True(await chair.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"));
        await Assertions.Expect(options.Filter(new() { HasText = "이서연" })).ToHaveCountAsync(0); // not oneself
        await chair.ScreenshotAsync(new() { Path = Artifact($"mention-list-{culture[..2]}-{width}.png") });

        var second = options.Nth(1);
        var name = (await second.Locator(".pw-mention-name").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await second.ClickAsync();
        await Assertions.Expect(field).ToHaveValueAsync($"@{name} ");
        await Assertions.Expect(field).ToBeFocusedAsync();
    }

    /// <summary>Selects a passage in the editor and opens the comment form; returns its text field.</summary>
    private static async Task<ILocator> OpenCommentAsync(IPage page)
    {
        await page.EvaluateAsync($"() => {{ const v = {Editor}.view; const from = v.state.doc.toString().indexOf('비전 아래'); v.focus(); v.dispatch({{ selection: {{ anchor: from, head: from + 5 }} }}); }}");
        await page.GetByTestId("comment").ClickAsync();
        var field = page.Locator("textarea[data-testid=compose-comment]");
        await Assertions.Expect(field).ToBeVisibleAsync();
        await field.FocusAsync();
        return field;
    }
}
