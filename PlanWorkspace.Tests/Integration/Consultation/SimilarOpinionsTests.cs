using PlanWorkspace.Domain.Outcomes;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>Similar opinions found by their fingerprints, merged into a primary (sharing its answer) and unmerged; attachment text in the search.</summary>
[Trait("Category", "Integration")]
public abstract class SimilarOpinionsTests
{
    private const string Slug = ConsultationClient.Slug;
    private const string Campaign = "생성형 인공지능 학습데이터의 저작권 보상 체계를 마련하고, 창작자 단체와 협의하는 상설 기구를 두어야 합니다. 보상 기준은 공개되어야 합니다.";
    private readonly PlanAppFactory _app;

    protected SimilarOpinionsTests(PlanAppFactory app)
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

    private async Task<int[]> SeedAsync(params string[] texts)
    {
        await using var db = _app.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
        var opinions = texts.Select(t => Opinion.FromWeb(consultation,
            new OpinionSubmission("작가", "창작자 연대", null, InstitutionCategory.CivilSociety, "writer@example.kr", null, null, null, t), DateTimeOffset.UtcNow)).ToList();
        db.AddRange(opinions);
        await db.SaveChangesAsync(Timeout);
        return opinions.Select(o => o.Id).ToArray();
    }

    [Fact]
    public async Task TheSameCampaignLetterIsGroupedAndMergingSharesThePrimarysAnswerUntilUnmerged()
    {
        var ids = await SeedAsync(Campaign, Campaign.Replace(",", string.Empty) + " 회원 일동.", "  " + Campaign.ToUpperInvariant() + "!!",
            "지역 데이터센터 전력 요금 특례를 검토해 주십시오. 수도권 집중을 줄이는 유인이 필요합니다.");
        var (primary, second, third, unrelated) = (ids[0], ids[1], ids[2], ids[3]);
        using var scope = _app.Services.CreateScope();
        var triage = scope.ServiceProvider.GetRequiredService<OpinionTriage>();
        var secretariat = await ActorAsync("secretariat@plan.local");

        var info = await triage.SimilarInfoAsync(secretariat, Slug, ids, Timeout);
        Assert.Equal(2, info.Similar[primary]);
        Assert.False(info.Similar.ContainsKey(unrelated));
        var group = await triage.SimilarToAsync(secretariat, Slug, primary, Timeout);
        Assert.Equal([second, third], group!.Select(g => g.Id).Order());

        // A chair whose body has none of these may not merge them; a merge into itself or with a stranger's id changes nothing.
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await triage.MergeAsync(await ActorAsync("chair.industry-ax@plan.local"), Slug, primary, [second], Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NothingSelected.Code, (await triage.MergeAsync(secretariat, Slug, primary, [primary], Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NotFound.Code, (await triage.MergeAsync(secretariat, Slug, primary, [second, 999_999], Timeout)).Refusal?.Code);
        await using (var db = _app.Database.CreateContext())
        {
            Assert.False(await db.Set<Opinion>().AnyAsync(o => ids.Contains(o.Id) && o.DuplicateOfId != null, Timeout));
        }

        Assert.Null((await triage.MergeAsync(secretariat, Slug, primary, [second, third], Timeout)).Refusal);
        info = await triage.SimilarInfoAsync(secretariat, Slug, ids, Timeout);
        Assert.Equal(2, info.Merged[primary]);
        Assert.False(info.Similar.ContainsKey(primary)); // the group is merged: nothing left to offer
        Assert.Equal((await ReceiptAsync(primary), await ReceiptAsync(primary)), (info.Primaries[second], info.Primaries[third]));
        // A merged opinion cannot become a primary.
        Assert.Equal(Refusals.Consult.MergeRefused.Code, (await triage.MergeAsync(secretariat, Slug, second, [unrelated], Timeout)).Refusal?.Code);

        Assert.Null((await triage.ClassifyAsync(secretariat, Slug, [primary], OpinionClassification.PartlyReflected, "저작권 보상 협의체 신설 검토", Timeout)).Refusal);
        await using (var db = _app.Database.CreateContext())
        {
            var rows = await db.Set<Opinion>().AsNoTracking().Where(o => o.Id == second || o.Id == third).ToListAsync(Timeout);
            Assert.All(rows, o => Assert.Equal((OpinionState.Classified, OpinionClassification.PartlyReflected, "저작권 보상 협의체 신설 검토"),
                (o.State, o.Classification!.Value, o.ClassificationReason)));
            Assert.All(rows, o => Assert.Matches(@"^\d{4}-\d{4}$", o.ReceiptNumber));
        }

        Assert.Null((await triage.UnmergeAsync(secretariat, Slug, [third], Timeout)).Refusal);
        Assert.Equal(Refusals.Consult.MergeRefused.Code, (await triage.UnmergeAsync(secretariat, Slug, [third], Timeout)).Refusal?.Code);
        await using (var db = _app.Database.CreateContext())
        {
            var alone = await db.Set<Opinion>().AsNoTracking().SingleAsync(o => o.Id == third, Timeout);
            Assert.Null(alone.DuplicateOfId);
            Assert.Equal(OpinionClassification.PartlyReflected, alone.Classification);
        }
        Assert.Equal(1, (await triage.SimilarInfoAsync(secretariat, Slug, ids, Timeout)).Merged[primary]);
    }

    private async Task<string> ReceiptAsync(int id)
    {
        await using var db = _app.Database.CreateContext();
        return await db.Set<Opinion>().Where(o => o.Id == id).Select(o => o.ReceiptNumber).SingleAsync(Timeout);
    }

    [Fact]
    public async Task TheSearchFindsAWordThatIsOnlyInAnAttachment()
    {
        var client = ConsultationClient.Create(_app);
        var response = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["text"] = "첨부 파일의 의견을 보아 주십시오." },
            [("의견서.docx", AttachmentTextTests.Docx("본문", "초전도양자컴퓨팅 클러스터 공동 활용을 제안합니다.")), ("의견서.hwpx", AttachmentTextTests.Hwpx("한글파일만의낱말 포함"))]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = ConsultationClient.Receipt(await response.Content.ReadAsStringAsync(Timeout));
        Assert.NotNull(receipt);

        using var scope = _app.Services.CreateScope();
        var triage = scope.ServiceProvider.GetRequiredService<OpinionTriage>();
        var viceChair = await ActorAsync("vicechair@plan.local");
        foreach (var word in new[] { "양자컴퓨팅 클러스터", "한글파일만의낱말" })
        {
            var page = await triage.ListAsync(viceChair, Slug, new OpinionFilter(Search: word, PageSize: 200), Timeout);
            var row = Assert.Single(page!.Rows);
            Assert.Equal(receipt, row.ReceiptNumber);
            Assert.DoesNotContain(word, row.Text, StringComparison.Ordinal);
        }
        Assert.Empty((await triage.ListAsync(viceChair, Slug, new OpinionFilter(Search: "어디에도없는낱말", PageSize: 200), Timeout))!.Rows);
    }

    /// <summary>On SQLite (FTS5 trigram over the attachments' text).</summary>
    public sealed class OnSqlite(PlanAppFactory app) : SimilarOpinionsTests(app), IClassFixture<PlanAppFactory>;

    /// <summary>On PostgreSQL (ILIKE over the pg_trgm-indexed attachment text).</summary>
    public sealed class OnPostgres(PostgresAppFactory app) : SimilarOpinionsTests(app), IClassFixture<PostgresAppFactory>;
}
