using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>The inbox's pages (ids first, then rows) and its capped count, over more opinions than the cap.</summary>
public sealed class OpinionTriagePagingTests : IClassFixture<PlanAppFactory>
{
    private const int Seeded = OpinionTriage.CountLimit + 30;
    private readonly PlanAppFactory _app;

    public OpinionTriagePagingTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services;
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task PagesAreNewestFirstWithTheirAttachmentsAndTheCountStopsAtTheLimit()
    {
        await using (var db = _app.Database.CreateContext())
        {
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == ConsultationClient.Slug, Timeout);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < Seeded; i++)
            {
                var opinion = Opinion.FromWeb(consultation, new OpinionSubmission("제출자", "기관", null, InstitutionCategory.Research, "p@example.kr", null, null, null,
                    i == 7 ? "희귀한단어가 들어간 의견" : $"연구 데이터 개방 의견 {i}"), now);
                if (i % 100 == 0)
                {
                    opinion.Attach(new OpinionAttachment($"첨부{i}.pdf", AttachmentKind.Pdf, "%PDF-1.4"u8.ToArray()));
                }
                db.Add(opinion);
            }
            await db.SaveChangesAsync(Timeout);
        }
        using var scope = _app.Services.CreateScope();
        var triage = scope.ServiceProvider.GetRequiredService<OpinionTriage>();
        await using var read = _app.Database.CreateContext();
        var viceChair = Actor.From(await read.People.AsNoTracking().SingleAsync(p => p.Email == "vicechair@plan.local", Timeout));

        var common = await triage.ListAsync(viceChair, ConsultationClient.Slug, new OpinionFilter(Search: "데이터 개방", PageSize: 50), Timeout);
        Assert.Equal((OpinionTriage.CountLimit, true, 50), (common!.Total, common.TotalIsCapped, common.Rows.Count));
        Assert.Equal(common.Rows.Select(r => r.Id).OrderByDescending(id => id), common.Rows.Select(r => r.Id));
        Assert.Equal($"연구 데이터 개방 의견 {Seeded - 1}", common.Rows[0].Text);

        var first = await triage.ListAsync(viceChair, ConsultationClient.Slug, new OpinionFilter(Category: InstitutionCategory.Research, Page: 0, PageSize: 50), Timeout);
        var second = await triage.ListAsync(viceChair, ConsultationClient.Slug, new OpinionFilter(Category: InstitutionCategory.Research, Page: 1, PageSize: 50), Timeout);
        Assert.Equal(first!.Rows[^1].Id - 1, second!.Rows[0].Id);
        var withAttachment = await triage.ListAsync(viceChair, ConsultationClient.Slug, new OpinionFilter(Search: "의견 1000", PageSize: 10), Timeout);
        Assert.Equal(["첨부1000.pdf"], withAttachment!.Rows.Single(r => r.Text == "연구 데이터 개방 의견 1000").Attachments);

        var rare = await triage.ListAsync(viceChair, ConsultationClient.Slug, new OpinionFilter(Search: "희귀한단어", PageSize: 50), Timeout);
        Assert.Equal((1, false), (rare!.Total, rare.TotalIsCapped));
    }
}
