using PlanWorkspace.Domain.Outcomes;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>The inbox's permissions as a matrix, its filters and its Korean substring search, on the real app and database.</summary>
public abstract class OpinionTriageTests
{
    private const string Slug = ConsultationClient.Slug;
    private readonly PlanAppFactory _app;
    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static readonly Dictionary<PlanAppFactory, (int Industry, int Tech, int Whole)> Ids = [];

    protected OpinionTriageTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services;
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = _app.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == email, Timeout));
    }

    /// <summary>Three opinions: on the 산업AX section, on the 기술혁신 section, and on the plan as a whole.</summary>
    private async Task<(int Industry, int Tech, int Whole)> SeedAsync()
    {
        await Seeded.WaitAsync(Timeout);
        try
        {
            if (Ids.TryGetValue(_app, out var ids))
            {
                return ids;
            }
            await using var db = _app.Database.CreateContext();
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
            var sections = await db.Set<ConsultationSection>().Where(s => s.ConsultationId == consultation.Id).ToListAsync(Timeout);
            var bodies = await db.Bodies.ToDictionaryAsync(b => b.Code, b => b.Id, Timeout);
            var industry = sections.Single(s => s.BodyId == bodies["industry-ax"]).SectionId;
            var tech = sections.Single(s => s.BodyId == bodies["tech-infra"]).SectionId;
            var now = DateTimeOffset.UtcNow;
            Opinion Make(int? section, InstitutionCategory category, string text, string institution) =>
                Opinion.FromWeb(consultation, new OpinionSubmission("제출자", institution, null, category, "x@example.kr", section, null, null, text), now);
            var a = Make(industry, InstitutionCategory.Industry, "제조 AI 전환 지원을 중소기업까지 확대해 주십시오.", "한국산업기술협회");
            var b = Make(tech, InstitutionCategory.Academia, "GPU 클러스터의 대학 개방 확대가 필요합니다. \"따옴표\" NEAR(x)", "한국과학기술원");
            var c = Make(null, InstitutionCategory.CivilSociety, "계획 전체에 시민 참여 절차를 넣어 주십시오.", "시민연대");
            db.AddRange(a, b, c);
            await db.SaveChangesAsync(Timeout);
            return Ids[_app] = (a.Id, b.Id, c.Id);
        }
        finally
        {
            Seeded.Release();
        }
    }

    private OpinionTriage Triage(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<OpinionTriage>();

    [Theory]
    [InlineData("vicechair@plan.local", true, true, true, true)]
    [InlineData("secretariat@plan.local", true, true, true, true)]
    [InlineData("chair.industry-ax@plan.local", true, false, false, false)]
    [InlineData("chair.tech-infra@plan.local", false, true, false, false)]
    [InlineData("advisor1@plan.local", true, false, false, false)]
    [InlineData("advisor2@plan.local", false, true, false, false)]
    public async Task EachRoleSeesExactlyTheOpinionsOnItsBodiesSections(string email, bool industry, bool tech, bool whole, bool canImport)
    {
        var ids = await SeedAsync();
        using var scope = _app.Services.CreateScope();
        var actor = await ActorAsync(email);
        var page = await Triage(scope).ListAsync(actor, Slug, new OpinionFilter(PageSize: 200), Timeout);
        Assert.NotNull(page);
        var seen = page!.Rows.Select(r => r.Id).ToHashSet();
        Assert.Equal((industry, tech, whole), (seen.Contains(ids.Industry), seen.Contains(ids.Tech), seen.Contains(ids.Whole)));
        Assert.Equal(canImport, (await Triage(scope).AccessAsync(actor, Slug, Timeout))!.CanImport);
    }

    [Theory]
    [InlineData("vicechair@plan.local", true, true)]
    [InlineData("secretariat@plan.local", true, true)]
    [InlineData("chair.industry-ax@plan.local", true, false)]
    [InlineData("chair.tech-infra@plan.local", false, true)]
    [InlineData("advisor1@plan.local", false, false)]
    [InlineData("advisor2@plan.local", false, false)]
    public async Task OnlyTheBodysWritersAndTheSecretariatAndViceChairClassify(string email, bool industry, bool tech)
    {
        var ids = await SeedAsync();
        using var scope = _app.Services.CreateScope();
        var actor = await ActorAsync(email);
        var onIndustry = await Triage(scope).ClassifyAsync(actor, Slug, [ids.Industry], OpinionClassification.ForReference, "검토함", Timeout);
        var onTech = await Triage(scope).ClassifyAsync(actor, Slug, [ids.Tech], OpinionClassification.ForReference, "검토함", Timeout);
        Assert.Equal((industry, tech), (onIndustry.Succeeded, onTech.Succeeded));
    }

    [Fact]
    public async Task ABulkClassificationWithOneForbiddenOpinionChangesNothing()
    {
        var ids = await SeedAsync();
        using var scope = _app.Services.CreateScope();
        var chair = await ActorAsync("chair.industry-ax@plan.local");
        var error = await Triage(scope).ClassifyAsync(chair, Slug, [ids.Industry, ids.Whole], OpinionClassification.NotReflected, "일괄 ZQ", Timeout);
        Assert.Equal(Refusals.Consult.NotAllowed.Code, error.Refusal?.Code);
        await using var db = _app.Database.CreateContext();
        Assert.False(await db.Set<Opinion>().AnyAsync(o => o.ClassificationReason == "일괄 ZQ", Timeout));

        Assert.Equal(Refusals.Consult.ReasonRequired.Code, (await Triage(scope).ClassifyAsync(chair, Slug, [ids.Industry], OpinionClassification.Reflected, "  ", Timeout)).Refusal?.Code);
        var viceChair = await ActorAsync("vicechair@plan.local");
        Assert.Null((await Triage(scope).ClassifyAsync(viceChair, Slug, [ids.Industry, ids.Whole], OpinionClassification.PartlyReflected, "일괄 반영 검토", Timeout)).Refusal);
        Assert.Equal(2, await db.Set<Opinion>().CountAsync(o => o.ClassificationReason == "일괄 반영 검토" && o.Classification == OpinionClassification.PartlyReflected, Timeout));
    }

    [Theory]
    [InlineData("개방 확대", "Tech")]      // FTS5 trigram: a Korean substring across a space
    [InlineData("중소기업", "Industry")]   // inside a word-run (the whole word is 중소기업까지)
    [InlineData("시민", "Whole")]          // two characters: too short for trigrams, answered by LIKE
    [InlineData("과학기술원", "Tech")]     // the institution is indexed too
    [InlineData("\"따옴표\" NEAR(x)", "Tech")] // FTS5 syntax is searched for as text, never parsed
    public async Task SearchFindsKoreanSubstrings(string search, string expected)
    {
        var ids = await SeedAsync();
        using var scope = _app.Services.CreateScope();
        var page = await Triage(scope).ListAsync(await ActorAsync("vicechair@plan.local"), Slug, new OpinionFilter(Search: search, PageSize: 200), Timeout);
        var id = expected switch { "Tech" => ids.Tech, "Industry" => ids.Industry, _ => ids.Whole };
        Assert.Contains(id, page!.Rows.Select(r => r.Id));
        Assert.DoesNotContain(page.Rows, r => !r.Text.Contains(search, StringComparison.Ordinal) && !(r.Institution ?? "").Contains(search, StringComparison.Ordinal) && r.SubmitterName != search);
    }

    [Fact]
    public async Task FiltersCombine()
    {
        var ids = await SeedAsync();
        using var scope = _app.Services.CreateScope();
        var viceChair = await ActorAsync("vicechair@plan.local");
        var academia = await Triage(scope).ListAsync(viceChair, Slug, new OpinionFilter(Category: InstitutionCategory.Academia, Institution: "과학기술", PageSize: 200), Timeout);
        Assert.Contains(ids.Tech, academia!.Rows.Select(r => r.Id));
        Assert.All(academia.Rows, r => Assert.Equal(InstitutionCategory.Academia, r.Category));
        await using var db = _app.Database.CreateContext();
        var techBody = await db.Bodies.Where(b => b.Code == "tech-infra").Select(b => b.Id).SingleAsync(Timeout);
        var byBody = await Triage(scope).ListAsync(viceChair, Slug, new OpinionFilter(BodyId: techBody, PageSize: 200), Timeout);
        Assert.Contains(ids.Tech, byBody!.Rows.Select(r => r.Id));
        Assert.DoesNotContain(ids.Industry, byBody.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task SomeoneWithoutARoleCannotOpenTheInbox()
    {
        using var scope = _app.Services.CreateScope();
        var nobody = new Actor(999_999, "nobody", []);
        Assert.Null(await Triage(scope).AccessAsync(nobody, Slug, Timeout));
        Assert.Null(await Triage(scope).ListAsync(nobody, Slug, new OpinionFilter(), Timeout));
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await Triage(scope).ClassifyAsync(nobody, Slug, [1], OpinionClassification.Other, "x", Timeout)).Refusal?.Code);
    }

    [Fact]
    public async Task ThePublicIsSentToSignInFromTheInbox()
    {
        var response = await ConsultationClient.Create(_app).GetAsync($"/consult/{Slug}/opinions", Timeout);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("vicechair@plan.local", true)]
    [InlineData("advisor1@plan.local", true)]
    public async Task SignedInStaffOpenTheInbox(string email, bool opens)
    {
        await SeedAsync();
        var client = ConsultationClient.Create(_app);
        await SignIn.PostAsync(client, email, "Plan!2025");
        var response = await client.GetAsync($"/consult/{Slug}/opinions", Timeout);
        Assert.Equal(opens, response.StatusCode == HttpStatusCode.OK);
        Assert.Contains("접수 의견", await response.Content.ReadAsStringAsync(Timeout));
    }

    /// <summary>On a SQLite file (FTS5 trigram search).</summary>
    public sealed class OnSqlite(PlanAppFactory app) : OpinionTriageTests(app), IClassFixture<PlanAppFactory>;

    /// <summary>On PostgreSQL (ILIKE over pg_trgm indexes).</summary>
    public sealed class OnPostgres(PostgresAppFactory app) : OpinionTriageTests(app), IClassFixture<PostgresAppFactory>;
}
