using Bunit;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.App.Components.Pages;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

public sealed class DashboardTests : BunitTestBase
{
    [Fact]
    public async Task ShowsEveryBodyWithItsSectionStatusAndCounts()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal(9, cut.FindAll("[data-testid=body-card]").Count));
        var industry = cut.Find("[data-body=industry-ax]");
        Assert.Contains("산업AX·생태계 분과", industry.TextContent);
        Assert.Contains("작성 중", industry.TextContent);
        Assert.Contains("3", industry.QuerySelector("[data-testid=initiative-count]")!.TextContent);
        Assert.Contains("1", industry.QuerySelector("[data-testid=target-count]")!.TextContent);
        Assert.Equal("9", cut.Find("[data-testid=status-totals]").QuerySelector(".mud-typography-h5")!.TextContent.Trim());
    }

    [Fact]
    public async Task AdvisorSeesOnlyTheSectionsOfTheBodyTheyAdvise()
    {
        await SignInAsync("advisor@plan.test", Role.Advisor, "security-tf");

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal(9, cut.FindAll("[data-testid=body-card]").Count));
        Assert.Single(cut.FindAll("[data-body=security-tf] a"));
        Assert.Empty(cut.FindAll("[data-body=industry-ax] a"));
    }

    [Fact]
    public async Task CountsOpenSuggestionsThreadsAndWhatWaitsForTheChair()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");
        await using (var db = Database.CreateContext())
        {
            var industry = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
            var section = await db.Sections.SingleAsync(s => s.BodyId == industry.Id);
            var chair = await db.People.SingleAsync(p => p.DisplayName == "chair@plan.test");
            var advisor = new Person("임도윤", "advisor@plan.test");
            advisor.Join(Role.Advisor, industry.Id);
            db.People.Add(advisor);
            await db.SaveChangesAsync();
            var anchor = new ReviewAnchor(0, 2, 0);
            var text = section.Markdown[..2];
            db.Suggestions.Add(new Suggestion(section.Id, advisor.Id, anchor, text, text, "바꿈", null, DateTimeOffset.UtcNow));
            db.Suggestions.Add(new Suggestion(section.Id, chair.Id, anchor, text, text, "내 제안", null, DateTimeOffset.UtcNow));
            var decided = new Suggestion(section.Id, advisor.Id, anchor, text, text, "처리됨", null, DateTimeOffset.UtcNow);
            decided.Reject(chair.Id, null, DateTimeOffset.UtcNow);
            db.Suggestions.Add(decided);
            db.CommentThreads.Add(new CommentThread(section.Id, advisor.Id, anchor, text, "질문", [chair.Id], DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-body=industry-ax] [data-testid=section-review-counts]")));
        var counts = cut.Find("[data-body=industry-ax] [data-testid=section-review-counts]");
        // Two pending suggestions, one thread; for the chair: the advisor's suggestion and the mention, not their own suggestion.
        Assert.Equal(("2", "1", "2"), (counts.GetAttribute("data-suggestions"), counts.GetAttribute("data-threads"), counts.GetAttribute("data-for-me")));
        Assert.Equal("2", cut.Find("[data-testid=review-for-me]").TextContent);
    }
}
