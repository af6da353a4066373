using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Components.Pages;
using PlanWorkspace.App.Components.Pages.Review;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>
/// The dashboard, the review overview and the section page show the same review counts, from one
/// query, and a thread whose passage was deleted (detached) is not counted as open anywhere.
/// </summary>
public sealed class ReviewCountsTests : BunitTestBase
{
    public ReviewCountsTests()
    {
        Services.AddSingleton<PlanHtmlRenderer>();
        Services.AddScoped<AssembledPlanService>();
    }

    [Fact]
    public async Task ADetachedThreadIsNotCountedAsOpenOnTheDashboardTheOverviewOrTheSectionPage()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");
        int sectionId;
        await using (var db = Database.CreateContext())
        {
            var industry = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
            var section = await db.Sections.SingleAsync(s => s.BodyId == industry.Id);
            sectionId = section.Id;
            var chair = await db.People.SingleAsync(p => p.DisplayName == "chair@plan.test");
            var advisor = new Person("임도윤", "advisor.counts@plan.test");
            advisor.Join(Role.Advisor, industry.Id);
            db.People.Add(advisor);
            await db.SaveChangesAsync();
            var anchor = new ReviewAnchor(0, 2, section.TextVersion);
            var text = section.Markdown[..2];
            db.Suggestions.Add(new Suggestion(section.Id, advisor.Id, anchor, text, text, "바꿈", null, DateTimeOffset.UtcNow));
            db.CommentThreads.Add(new CommentThread(section.Id, advisor.Id, anchor, text, "열린 질문 @chair", [chair.Id], DateTimeOffset.UtcNow));
            // Both mention the chair: only the open one waits for them.
            var detached = new CommentThread(section.Id, advisor.Id, anchor, text, "지워진 문단에 단 질문", [chair.Id], DateTimeOffset.UtcNow);
            detached.Orphan(section.TextVersion);
            db.CommentThreads.Add(detached);
            var resolved = new CommentThread(section.Id, advisor.Id, anchor, text, "해결된 질문", [], DateTimeOffset.UtcNow);
            resolved.Resolve(chair.Id, DateTimeOffset.UtcNow);
            db.CommentThreads.Add(resolved);
            await db.SaveChangesAsync();
        }
        var expected = (Suggestions: "1", Threads: "1", ForMe: "2");

        var dashboard = Render<Dashboard>();
        dashboard.WaitForAssertion(() => Assert.NotEmpty(dashboard.FindAll("[data-testid=review-totals]")));
        Assert.Equal(expected, Counts(dashboard.Find("[data-testid=review-totals]")));
        Assert.Equal(expected, Counts(dashboard.Find("[data-body=industry-ax] [data-testid=section-review-counts]")));

        var overview = Render<ReviewOverview>();
        overview.WaitForAssertion(() => Assert.NotEmpty(overview.FindAll("[data-testid=review-totals]")));
        Assert.Equal(expected, Counts(overview.Find("[data-testid=review-totals]")));
        // The "for me" tab lists the same two items the count promises: the suggestion to decide and the open mention.
        Assert.Equal(2, overview.Find("[data-testid=for-me]").Children.Length);

        var page = Render<SectionPage>(p => p.Add(x => x.Id, sectionId));
        page.WaitForAssertion(() => Assert.Equal(expected, Counts(page.Find("[data-testid=review-counts]"))));
        // ...while the detached thread is still there, under 분리된 항목.
        Assert.Contains(page.FindAll(".mud-tab"), tab => tab.TextContent.Contains("분리된 항목 (1)", StringComparison.Ordinal));
    }

    private static (string?, string?, string?) Counts(AngleSharp.Dom.IElement element) =>
        (element.GetAttribute("data-suggestions"), element.GetAttribute("data-threads"), element.GetAttribute("data-for-me"));
}
