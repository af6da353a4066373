using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>The 의견 수렴 결과 table as DOCX and HWPX: the files are opened and their rows read; script in an opinion stays text.</summary>
[Trait("Category", "Integration")]
public sealed class ResultsExportTests : IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;
    private const string Hostile = "<script>alert('결과')</script> =cmd|' /C calc'!A0 데이터 결과표 시험";
    private readonly PlanAppFactory _app;

    public ResultsExportTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services;
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = _app.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == email, Timeout));
    }

    /// <summary>Two classified opinions on a section (one with a merged copy), one on the whole plan, one unclassified.</summary>
    private async Task<(string Heading, int Primary)> SeedAsync(string tag)
    {
        await using var db = _app.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
        var section = await db.Set<ConsultationSection>().OrderBy(s => s.Ordinal).FirstAsync(s => s.ConsultationId == consultation.Id, Timeout);
        Opinion Make(string text, int? sectionId, string? institution) => Opinion.FromWeb(consultation,
            new OpinionSubmission("제출자", institution, null, InstitutionCategory.Research, "r@example.kr", sectionId, null, null, text), DateTimeOffset.UtcNow);
        var primary = Make(Hostile + tag, section.SectionId, "<b>연구원</b>");
        var copy = Make(Hostile + tag + " 사본", section.SectionId, "다른 연구원");
        var whole = Make("계획 전체에 대한 결과표 시험 의견" + tag, null, null);
        var open = Make("아직 검토하지 않은 결과표 시험 의견", section.SectionId, "미검토 기관");
        db.AddRange(primary, copy, whole, open);
        await db.SaveChangesAsync(Timeout);
        var secretariat = (await ActorAsync("secretariat@plan.local")).PersonId;
        primary.Classify(OpinionClassification.PartlyReflected, "<img src=x onerror=alert(1)> 일부 반영합니다", secretariat, DateTimeOffset.UtcNow);
        whole.Classify(OpinionClassification.ForReference, "참고하겠습니다", secretariat, DateTimeOffset.UtcNow);
        copy.MergeInto(primary);
        await db.SaveChangesAsync(Timeout);
        return (section.Heading, primary.Id);
    }

    private async Task<ResultsFile> ExportAsync(string format, string culture = "ko-KR")
    {
        using var scope = _app.Services.CreateScope();
        var file = await scope.ServiceProvider.GetRequiredService<ResultsExport>()
            .ExportAsync(await ActorAsync("vicechair@plan.local"), Slug, format, CultureInfo.GetCultureInfo(culture), Timeout);
        return file!;
    }

    [Fact]
    public async Task TheDocxHoldsATablePerSectionWithTheFourColumnsAndScriptAsPlainText()
    {
        var (heading, _) = await SeedAsync(" D");
        var file = await ExportAsync("docx");
        Assert.EndsWith(".docx", file.FileName);

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        var body = document.MainDocumentPart!.Document.Body!;
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == heading);
        var tables = body.Elements<Table>().ToList();
        var rows = tables.SelectMany(t => t.Elements<TableRow>()).Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.All(tables, t => Assert.Equal(["의견 요지", "제출 기관", "검토 의견", "반영 여부"], t.Elements<TableRow>().First().Elements<TableCell>().Select(c => c.InnerText)));
        var mine = rows.Single(r => r[0] == Hostile + " D");
        Assert.Equal(["<b>연구원</b> (같은 의견 1건 병합)", "<img src=x onerror=alert(1)> 일부 반영합니다", "일부반영"], mine[1..]);
        Assert.Contains(rows, r => r[0] == "계획 전체에 대한 결과표 시험 의견 D" && r[3] == "참고");
        Assert.DoesNotContain(rows, r => r[0].Contains("아직 검토하지 않은", StringComparison.Ordinal) || r[0].EndsWith("사본", StringComparison.Ordinal));
        // Inert: the text is in w:t runs; nothing became a field, a hyperlink or embedded HTML (altChunk).
        Assert.Empty(body.Descendants<SimpleField>());
        Assert.Empty(body.Descendants<Hyperlink>());
        Assert.Empty(document.MainDocumentPart.AlternativeFormatImportParts);
        Assert.Contains(body.Descendants<Text>(), t => t.Text.Contains("<script>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheHwpxHoldsTheSameRowsAsTextAndOpensAsXml()
    {
        var (heading, _) = await SeedAsync(" H");
        var file = await ExportAsync("hwpx", "en-US");
        Assert.EndsWith(".hwpx", file.FileName);

        using var zip = new ZipArchive(new MemoryStream(file.Content), ZipArchiveMode.Read);
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        XDocument section;
        using (var stream = zip.GetEntry("Contents/section0.xml")!.Open())
        {
            section = XDocument.Load(stream);
        }
        XNamespace hp = "http://www.hancom.co.kr/hwpml/2011/paragraph";
        var rows = section.Descendants(hp + "tr").Select(tr => tr.Elements(hp + "tc").Select(tc => string.Concat(tc.Descendants(hp + "t").Select(t => t.Value))).ToList()).ToList();
        Assert.Contains(["Opinion (gist)", "Submitted by", "Committee's answer", "Decision"], rows.Select(r => r.ToArray()));
        var mine = rows.Single(r => r[0] == Hostile + " H");
        Assert.Equal("<img src=x onerror=alert(1)> 일부 반영합니다", mine[2]);
        Assert.Contains(section.Descendants(hp + "t"), t => t.Value == heading);
        // Script is character data, never an element of the document.
        Assert.DoesNotContain(section.Descendants(), e => e.Name.LocalName is "script" or "img" or "b");
    }

    [Fact]
    public async Task OnlyTheViceChairAndTheSecretariatDownloadTheResults()
    {
        using var scope = _app.Services.CreateScope();
        var export = scope.ServiceProvider.GetRequiredService<ResultsExport>();
        Assert.Null(await export.ExportAsync(await ActorAsync("chair.industry-ax@plan.local"), Slug, "docx", CultureInfo.GetCultureInfo("ko-KR"), Timeout));
        Assert.Null(await export.ExportAsync(await ActorAsync("vicechair@plan.local"), Slug, "exe", CultureInfo.GetCultureInfo("ko-KR"), Timeout));

        var anonymous = ConsultationClient.Create(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/consult/{Slug}/results/docx", Timeout)).StatusCode);
        var advisor = ConsultationClient.Create(_app);
        await SignIn.PostAsync(advisor, "advisor1@plan.local", "Plan!2025");
        Assert.Equal(HttpStatusCode.Forbidden, (await advisor.GetAsync($"/consult/{Slug}/results/hwpx", Timeout)).StatusCode);
        var secretariat = ConsultationClient.Create(_app);
        await SignIn.PostAsync(secretariat, "secretariat@plan.local", "Plan!2025");
        var response = await secretariat.GetAsync($"/consult/{Slug}/results/hwpx", Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/hwp+zip", response.Content.Headers.ContentType?.MediaType);
    }
}
