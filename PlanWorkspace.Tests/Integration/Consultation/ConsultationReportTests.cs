using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

public sealed class ConsultationReportTests(PlanAppFactory app) : AppFixtureTests(app), IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;

    [Fact]
    public async Task OnlyTheViceChairAndSecretariatCloseAndPublishAndThePublishedTableShowsClassifiedOpinionsWithoutNames()
    {
        int reflected;
        await using (var db = App.Database.CreateContext())
        {
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
            var section = await db.Set<ConsultationSection>().FirstAsync(s => s.ConsultationId == consultation.Id && s.Ordinal == 2, Timeout);
            var now = DateTimeOffset.UtcNow;
            Opinion Make(string name, string institution, string text) =>
                Opinion.FromWeb(consultation, new OpinionSubmission(name, institution, null, InstitutionCategory.Industry, "r@example.kr", section.SectionId, null, null, text), now);
            var a = Make("비공개이름갑", "<b>산업협회</b>", "중소 제조기업 AI 도입 바우처를 늘려 주십시오. <script>alert(1)</script>");
            var b = Make("비공개이름을", "연구원", "아직 검토하지 않은 의견입니다.");
            db.AddRange(a, b);
            await db.SaveChangesAsync(Timeout);
            a.Classify(OpinionClassification.PartlyReflected, "바우처 규모를 2027년부터 확대 <img src=x onerror=alert(1)>", 1, now);
            await db.SaveChangesAsync(Timeout);
            reflected = a.Id;
        }
        await using var scope = App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        foreach (var email in new[] { "chair.industry-ax@plan.local", "advisor1@plan.local" })
        {
            Assert.Equal(Refusals.Consult.NotAllowed.Code, (await service.CloseAsync(await ActorAsync(email), Slug, Timeout)).Refusal?.Code);
        }
        var secretariat = await ActorAsync("secretariat@plan.local");
        Assert.Equal(Refusals.Consult.WrongState.Code, (await service.PublishReportAsync(secretariat, Slug, Timeout)).Refusal?.Code); // not closed yet
        Assert.True((await service.CloseAsync(secretariat, Slug, Timeout)).Succeeded);
        Assert.True((await service.PublishReportAsync(await ActorAsync("vicechair@plan.local"), Slug, Timeout)).Succeeded);

        var html = await ConsultationClient.Create(App).GetStringAsync($"/consult/{Slug}", Timeout);
        Assert.Contains("의견 수렴 결과", html);
        Assert.Contains("중소 제조기업 AI 도입 바우처를 늘려 주십시오.", html);
        Assert.Contains("&lt;b&gt;산업협회&lt;/b&gt;", html);
        Assert.Contains("일부반영", html);
        Assert.Contains("바우처 규모를 2027년부터 확대 &lt;img", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("비공개이름", html); // names are never published
        Assert.DoesNotContain("아직 검토하지 않은 의견", html); // only classified opinions
        Assert.True(reflected > 0);

        var english = await ConsultationClient.Create(App).GetStringAsync($"/consult/{Slug}?culture=en-US", Timeout);
        Assert.Contains("Results of the consultation", english);
        Assert.Contains("Partly reflected", english);
    }
}
