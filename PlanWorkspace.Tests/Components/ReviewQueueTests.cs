using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Components.Pages.Review;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>The vice-chair's review queue: submitted sections with their changes, decided from the list.</summary>
public sealed class ReviewQueueTests : BunitTestBase
{
    private async Task<(int SectionId, Actor Chair)> SubmitIndustryAsync()
    {
        await using var db = Database.CreateContext();
        var industry = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        var sectionId = await db.Sections.Where(s => s.BodyId == industry.Id).Select(s => s.Id).SingleAsync();
        var chair = new Person("이서연", "chair@plan.test");
        chair.Join(Role.Chair, industry.Id);
        db.People.Add(chair);
        await db.SaveChangesAsync();
        var actor = Actor.From(chair);
        Assert.True((await Services.GetRequiredService<SectionWorkflow>().SubmitAsync(actor, sectionId)).Succeeded);
        return (sectionId, actor);
    }

    [Fact]
    public async Task TheViceChairSeesSubmittedSectionsWithTheirChangesAndApprovesFromTheQueue()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        var (sectionId, _) = await SubmitIndustryAsync();

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));
        Assert.Equal(sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=queue-item]").GetAttribute("data-section"));
        Assert.Contains("처음 작성 이후 변경", cut.Find("[data-testid=queue-diff-label]").TextContent, StringComparison.Ordinal);

        cut.Find("button[data-testid=queue-approve]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=queue-empty]")));
        await using var db = Database.CreateContext();
        Assert.Equal(SectionStatus.Approved, (await db.Sections.SingleAsync(s => s.Id == sectionId)).Status);
    }

    [Fact]
    public async Task AFirstSubmissionIsShownRenderedWithTheSourceATabAway()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        await SubmitIndustryAsync();

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));
        // Whether the history starts empty (one long insertion) or with the seeded text, the section reads as Markdown rendered.
        var rendered = cut.Find("[data-testid=queue-first-rendered], [data-testid=queue-diff-views] [data-testid=diff-rendered]");
        Assert.NotEmpty(rendered.QuerySelectorAll("p, h2, h3, li"));
        Assert.Empty(cut.FindAll("[data-testid=diff-source]"));
    }

    /// <summary>Types <paramref name="text"/> at the end of the section through the live edit path (committed to the op log).</summary>
    private async Task<int> TypeAsync(int sectionId, Actor author, string text)
    {
        var session = (await Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId))!;
        var (version, current) = session.Current();
        var outcome = await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(current.Length, current.Length, current.Length, text), $"test-{Guid.NewGuid():N}")], author.PersonId);
        Assert.NotEmpty(outcome.Accepted);
        return outcome.Version;
    }

    [Fact]
    public async Task TextTypedAfterSubmissionIsFlaggedShownInTheDiffAndApprovedOnlyAsTheVersionShown()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        var (sectionId, chair) = await SubmitIndustryAsync();
        var sneaked = await TypeAsync(sectionId, chair, " SNEAKED");

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));
        Assert.Contains("제출(버전 0) 이후 본문이 바뀌었습니다", cut.Find("[data-testid=queue-changed]").TextContent, StringComparison.Ordinal);
        Assert.Contains("SNEAKED", cut.Find("[data-testid=queue-item] ins").TextContent, StringComparison.Ordinal);
        Assert.Equal(sneaked.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("button[data-testid=queue-approve]").GetAttribute("data-version"));

        cut.Find("button[data-testid=queue-approve]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=queue-empty]")));
        await using var db = Database.CreateContext();
        var section = await db.Sections.SingleAsync(s => s.Id == sectionId);
        Assert.Equal((SectionStatus.Approved, (int?)sneaked), (section.Status, section.ApprovedVersion));
    }

    [Fact]
    public async Task ApprovingAfterTheTextMovedOnIsRefusedWithAClearMessageAndTheQueueShowsTheNewChanges()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        var (sectionId, chair) = await SubmitIndustryAsync();
        var cut = Render<ReviewQueue>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));
        Assert.Empty(cut.FindAll("[data-testid=queue-changed]"));

        // Typed while the vice-chair reads the queue: the diff on screen does not hold it.
        var later = await TypeAsync(sectionId, chair, " LATER");
        cut.Find("button[data-testid=queue-approve]").Click();

        cut.WaitForAssertion(() => Assert.Contains("검토하신 버전(0) 이후 본문이 바뀌었습니다(현재 버전 1)", cut.Find("[data-testid=queue-error]").TextContent, StringComparison.Ordinal));
        await using (var db = Database.CreateContext())
        {
            var section = await db.Sections.SingleAsync(s => s.Id == sectionId);
            Assert.Equal((SectionStatus.Submitted, (int?)null), (section.Status, section.ApprovedVersion));
        }
        Assert.Contains("LATER", cut.Find("[data-testid=queue-item] ins").TextContent, StringComparison.Ordinal);
        Assert.Equal(later.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("button[data-testid=queue-approve]").GetAttribute("data-version"));
    }

    [Fact]
    public async Task RequestingChangesNeedsANoteAndSendsTheSectionBack()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        var (sectionId, _) = await SubmitIndustryAsync();
        var cut = Render<ReviewQueue>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));

        cut.Find("button[data-testid=queue-request-changes]").Click();
        Assert.True(cut.Find("button[data-testid=queue-send]").HasAttribute("disabled"));
        cut.Find("textarea[data-testid=queue-note]").Input("성과지표 근거를 보완하세요.");
        cut.Find("button[data-testid=queue-send]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=queue-empty]")));
        await using var db = Database.CreateContext();
        var section = await db.Sections.SingleAsync(s => s.Id == sectionId);
        Assert.Equal((SectionStatus.ChangesRequested, "성과지표 근거를 보완하세요."), (section.Status, section.ReviewNote));
    }

    [Fact]
    public async Task AChangeInALongSectionShowsFoldedUnchangedRunsInTheRenderedAndTheSourceView()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        Actor viceChair;
        await using (var db = Database.CreateContext())
        {
            viceChair = Actor.From(await db.People.Include(p => p.Memberships).SingleAsync(p => p.Email == "vicechair@plan.test"));
        }
        // Twelve more paragraphs, approved; then one change at the very end, resubmitted: everything
        // before it is unchanged since the approval and folds away.
        var (sectionId, chair) = await SubmitIndustryAsync();
        var approved = await TypeAsync(sectionId, chair, string.Concat(Enumerable.Range(1, 12).Select(i => $"\n\n문단 {i} 그대로 둡니다.")));
        var workflow = Services.GetRequiredService<SectionWorkflow>();
        Assert.True((await workflow.ApproveAsync(viceChair, sectionId, approved)).Succeeded);
        await TypeAsync(sectionId, chair, "\n\n맨 끝의 새 문장 ENDING");
        Assert.True((await workflow.SubmitAsync(chair, sectionId)).Succeeded);

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=queue-item]")));
        var rendered = cut.Find("[data-testid=queue-diff-views] [data-testid=diff-rendered]");
        Assert.NotEmpty(rendered.QuerySelectorAll("details[data-testid=diff-fold]"));
        Assert.Contains("ENDING", string.Concat(rendered.QuerySelectorAll("ins").Select(i => i.TextContent)), StringComparison.Ordinal);
        cut.FindAll("[data-testid=queue-diff-views] .mud-tab")[1].Click();
        var source = cut.Find("[data-testid=queue-diff-views] [data-testid=diff-source]");
        Assert.NotEmpty(source.QuerySelectorAll("details[data-testid=diff-fold]"));
        Assert.Contains("ENDING", string.Concat(source.QuerySelectorAll("ins").Select(i => i.TextContent)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChairCannotUseTheQueue()
    {
        await SignInAsync("other-chair@plan.test", Role.Chair, "data");
        await SubmitIndustryAsync();
        var cut = Render<ReviewQueue>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=queue-forbidden]")));
        Assert.Empty(cut.FindAll("[data-testid=queue-item]"));
    }
}
