using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>
/// PDF attachments' text in the inbox search (ADR-017), from the web form and from mail; hostile PDFs
/// leave their opinion imported, their file stored and a note on the card, and the server serving.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PdfAttachmentTextTests : IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;
    private readonly PlanAppFactory _app;

    public PdfAttachmentTextTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services;
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    private async Task<Actor> ViceChairAsync()
    {
        await using var db = _app.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == "vicechair@plan.local", Timeout));
    }

    private async Task<OpinionRow> FindOneAsync(string word)
    {
        using var scope = _app.Services.CreateScope();
        var page = await scope.ServiceProvider.GetRequiredService<OpinionTriage>()
            .ListAsync(await ViceChairAsync(), Slug, new OpinionFilter(Search: word, PageSize: 200), Timeout);
        return Assert.Single(page!.Rows);
    }

    [EndToEndFact]
    public async Task AKoreanPdfOpinionIsFoundByAWordInItsAttachment()
    {
        var pdf = await PdfFiles.PrintedAsync("지역 거점 데이터센터에 재생에너지 전력구매계약을 허용해 주십시오.", "둘째 문단입니다.");
        var client = ConsultationClient.Create(_app);

        var response = await ConsultationClient.SubmitAsync(client,
            new Dictionary<string, string> { ["text"] = "첨부한 의견서를 보아 주십시오.", ["email"] = "pdf-opinion@kaist.ac.kr" }, [("의견서.pdf", pdf)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = ConsultationClient.Receipt(await response.Content.ReadAsStringAsync(Timeout));
        var row = await FindOneAsync("재생에너지 전력구매계약");
        Assert.Equal(receipt, row.ReceiptNumber);
        Assert.DoesNotContain("재생에너지", row.Text, StringComparison.Ordinal);
        Assert.Equal(["의견서.pdf"], row.Attachments);
        Assert.Empty(row.AttachmentNotes!);
    }

    [Fact]
    public async Task AMailboxWithHostilePdfsImportsEveryMessageAndNotesWhyTheirTextIsMissing()
    {
        var (withBomb, withGarbage, withGood) = ($"{Guid.NewGuid():N}@example.kr", $"{Guid.NewGuid():N}@example.kr", $"{Guid.NewGuid():N}@example.kr");
        var mbox = KoreanMail.Mbox(
            KoreanMail.WithAttachments(withBomb, "bomb@example.kr", "압축 폭탄과 함께 온 의견입니다.",
                ("폭탄.pdf", PdfFiles.DeflateBomb()), ("의견서.docx", AttachmentTextTests.Docx("폭탄곁의문서낱말 그대로 찾힙니다."))),
            KoreanMail.WithAttachments(withGarbage, "garbage@example.kr", "깨진파일만보낸기관 의견입니다.", ("깨진.pdf", PdfFiles.Garbage())),
            KoreanMail.WithAttachments(withGood, "good@example.kr", "정상 PDF 의견입니다.", ("good.pdf", PdfFiles.Simple("Heliotrope compute roadmap"))));
        var allocatedBefore = GC.GetTotalAllocatedBytes();

        var report = await _app.Services.GetRequiredService<MailImporter>().ImportStreamAsync(new MemoryStream(mbox), Slug, ct: Timeout);

        Assert.Equal(new ImportReport(3, 3, 0, 0), report);
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        Assert.True(allocated < 1024L * 1024 * 1024, $"the import allocated {allocated / (1024 * 1024)} MB in the server's process");

        var bombRow = await FindOneAsync("폭탄곁의문서낱말");
        Assert.Equal([new AttachmentTextNote("폭탄.pdf", AttachmentTextProblem.TooLarge)], bombRow.AttachmentNotes!);
        Assert.Equal(["폭탄.pdf", "의견서.docx"], bombRow.Attachments);
        var garbageRow = await FindOneAsync("깨진파일만보낸기관");
        Assert.Equal([new AttachmentTextNote("깨진.pdf", AttachmentTextProblem.Unreadable)], garbageRow.AttachmentNotes!);
        var goodRow = await FindOneAsync("Heliotrope compute");
        Assert.Empty(goodRow.AttachmentNotes!);

        await using (var db = _app.Database.CreateContext())
        {
            // The files are kept whole, whatever their text gave.
            var bomb = await db.Set<OpinionAttachment>().AsNoTracking().SingleAsync(a => a.OpinionId == bombRow.Id && a.Kind == AttachmentKind.Pdf, Timeout);
            Assert.Equal(PdfFiles.DeflateBomb(), bomb.Content);
            Assert.Equal(AttachmentTextProblem.TooLarge, bomb.TextProblem);
        }
        // The server is still serving.
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/consult/{Slug}", Timeout)).StatusCode);
    }
}
