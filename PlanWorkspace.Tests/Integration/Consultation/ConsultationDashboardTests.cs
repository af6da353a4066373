using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>The dashboard's consultation figures: per body by state, answered of invited, per day; only for those who triage, over what they may see.</summary>
[Trait("Category", "Integration")]
public sealed class ConsultationDashboardTests(PlanAppFactory app) : AppFixtureTests(app), IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;

    [Fact]
    public async Task TheSecretariatSeesEveryBodyAndTheRegistryWhileAChairSeesOnlyTheirBodyAndAnAdvisorNoCard()
    {
        int industryBody;
        await using (var db = App.Database.CreateContext())
        {
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
            industryBody = await db.Bodies.Where(b => b.Code == "industry-ax").Select(b => b.Id).SingleAsync(Timeout);
            var industrySection = (await db.Set<ConsultationSection>().FirstAsync(s => s.ConsultationId == consultation.Id && s.BodyId == industryBody, Timeout)).SectionId;
            var otherSection = (await db.Set<ConsultationSection>().FirstAsync(s => s.ConsultationId == consultation.Id && s.BodyId != industryBody, Timeout)).SectionId;
            Opinion Make(int? section, string email, DateTimeOffset at) => Opinion.FromWeb(consultation,
                new OpinionSubmission("제출자", null, null, InstitutionCategory.Individual, email, section, null, null, "대시보드 집계 시험 의견 " + Guid.NewGuid()), at);
            var now = DateTimeOffset.UtcNow;
            var classified = Make(industrySection, "a@dash-univ.ac.kr", now.AddDays(-2));
            db.AddRange(classified, Make(industrySection, "b@example.kr", now), Make(otherSection, "c@example.kr", now), Make(null, "d@example.kr", now.AddDays(-1)));
            db.Add(new Institution("대시보드 시험대학", InstitutionCategory.Academia, "office@dash-univ.ac.kr", null));
            db.Add(new Institution("대시보드 미답변기관", InstitutionCategory.Industry, "office@dash-none.or.kr", null));
            await db.SaveChangesAsync(Timeout);
            classified.Classify(OpinionClassification.Reflected, "반영", 1, now);
            await db.SaveChangesAsync(Timeout);
        }
        using var scope = App.Services.CreateScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<ConsultationDashboard>();

        var all = await dashboard.FiguresAsync(await ActorAsync("secretariat@plan.local"), Timeout);
        Assert.NotNull(all);
        Assert.Equal(Slug, all.Slug);
        var industry = all.Bodies.Single(b => b.Body?.Id == industryBody);
        Assert.True(industry.ByState.GetValueOrDefault(OpinionState.Classified) >= 1);
        Assert.True(industry.ByState.GetValueOrDefault(OpinionState.New) >= 1);
        Assert.Contains(all.Bodies, b => b.Body is null);
        Assert.Equal(all.Total, all.Bodies.Sum(b => b.Total));
        Assert.Equal(all.Total, all.PerDay.Sum(d => d.Count));
        Assert.True(all.PerDay.Count >= 3);
        Assert.True(all.Invited >= 2);
        Assert.True(all.Answered >= 1 && all.Answered < all.Invited);

        var chair = await dashboard.FiguresAsync(await ActorAsync("chair.industry-ax@plan.local"), Timeout);
        Assert.NotNull(chair);
        Assert.Equal([industryBody], chair.Bodies.Select(b => b.Body?.Id ?? 0).Distinct());
        Assert.Null(chair.Invited);
        Assert.True(chair.Total < all.Total);

        Assert.Null(await dashboard.FiguresAsync(await ActorAsync("advisor1@plan.local"), Timeout));
    }
}
