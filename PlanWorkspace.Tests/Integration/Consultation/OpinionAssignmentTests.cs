using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>Assigning opinions to a body (all or nothing, checked on the server) and filtering the inbox by assignee.</summary>
public sealed class OpinionAssignmentTests(PlanAppFactory app) : AppFixtureTests(app), IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;

    [Fact]
    public async Task TheSecretariatAssignsOpinionsOnTheWholePlanToABodyWhoseChairThenSeesAndFiltersThem()
    {
        int a, b;
        int industryBody, techBody, techSection;
        await using (var db = App.Database.CreateContext())
        {
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
            var bodies = await db.Bodies.ToDictionaryAsync(x => x.Code, x => x.Id, Timeout);
            (industryBody, techBody) = (bodies["industry-ax"], bodies["tech-infra"]);
            techSection = (await db.Set<ConsultationSection>().FirstAsync(s => s.ConsultationId == consultation.Id && s.BodyId == techBody, Timeout)).SectionId;
            Opinion Make(string text) => Opinion.FromWeb(consultation,
                new OpinionSubmission("제출자", "기관", null, InstitutionCategory.CivilSociety, "a@example.kr", null, null, null, text), DateTimeOffset.UtcNow);
            var first = Make("배정 시험 의견 하나");
            var second = Make("배정 시험 의견 둘");
            db.AddRange(first, second);
            await db.SaveChangesAsync(Timeout);
            (a, b) = (first.Id, second.Id);
        }
        using var scope = App.Services.CreateScope();
        var triage = scope.ServiceProvider.GetRequiredService<OpinionTriage>();
        var chair = await ActorAsync("chair.industry-ax@plan.local");
        var secretariat = await ActorAsync("secretariat@plan.local");

        // A chair cannot take (or move) opinions they may not triage; a wrong target is refused; nothing changes.
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await triage.AssignAsync(chair, Slug, [a], industryBody, null, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.AssignTarget.Code, (await triage.AssignAsync(secretariat, Slug, [a], industryBody, techSection, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.AssignTarget.Code, (await triage.AssignAsync(secretariat, Slug, [a], 999_999, null, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NotFound.Code, (await triage.AssignAsync(secretariat, Slug, [a, 999_999], industryBody, null, Timeout)).Refusal?.Code);
        Assert.DoesNotContain(a, (await triage.ListAsync(chair, Slug, new OpinionFilter(PageSize: 200), Timeout))!.Rows.Select(r => r.Id));

        Assert.Null((await triage.AssignAsync(secretariat, Slug, [a, b], industryBody, null, Timeout)).Refusal);
        var mine = await triage.ListAsync(chair, Slug, new OpinionFilter(AssigneeBodyId: industryBody, PageSize: 200), Timeout);
        Assert.Equal([b, a], mine!.Rows.Where(r => r.Id == a || r.Id == b).Select(r => r.Id));
        Assert.All(mine.Rows, r => Assert.True(r.CanTriage));
        Assert.All(mine.Rows.Where(r => r.Id == a || r.Id == b), r => Assert.Equal(OpinionState.Assigned, r.State));

        // The chair passes one on to the section of another body; it leaves their inbox.
        Assert.Null((await triage.AssignAsync(chair, Slug, [b], techBody, techSection, Timeout)).Refusal);
        var unassigned = await triage.ListAsync(secretariat, Slug, new OpinionFilter(AssigneeBodyId: OpinionFilter.Unassigned, PageSize: 200), Timeout);
        Assert.DoesNotContain(unassigned!.Rows, r => r.Id == a || r.Id == b);
        Assert.DoesNotContain(b, (await triage.ListAsync(chair, Slug, new OpinionFilter(PageSize: 200), Timeout))!.Rows.Select(r => r.Id));
        var tech = await triage.ListAsync(await ActorAsync("chair.tech-infra@plan.local"), Slug, new OpinionFilter(AssigneeBodyId: techBody, PageSize: 200), Timeout);
        Assert.Equal(techSection, tech!.Rows.Single(r => r.Id == b).SectionId);
    }
}
