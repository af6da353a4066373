using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

public sealed class MailImportTests : IClassFixture<PlanAppFactory>, IDisposable
{
    private readonly PlanAppFactory _app;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planworkspace-mail", Guid.NewGuid().ToString("N"));

    public MailImportTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services; // starts the app: migrated, seeded, the consultation open
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static string Id() => $"{Guid.NewGuid():N}@example.kr";

    private MailImporter Importer => _app.Services.GetRequiredService<MailImporter>();

    private async Task<Opinion> OpinionAsync(string messageId)
    {
        await using var db = _app.Database.CreateContext();
        return await db.Set<Opinion>().Include(o => o.Attachments).SingleAsync(o => o.MessageId == messageId, Timeout);
    }

    private async Task RegisterAsync(string name, InstitutionCategory category, string email)
    {
        await using var db = _app.Database.CreateContext();
        if (!await db.Set<Institution>().AnyAsync(i => i.Name == name, Timeout))
        {
            db.Add(new Institution(name, category, email, null));
            await db.SaveChangesAsync(Timeout);
        }
    }

    [Fact]
    public async Task AnMboxOfKoreanMailIsDecodedAndABrokenMessageInTheMiddleIsKeptForAttention()
    {
        await RegisterAsync("한국과학기술원", InstitutionCategory.Academia, "policy@kaist.ac.kr");
        var (eucKr, hwp, qp, html, broken, garbage, last) = (Id(), Id(), Id(), Id(), Id(), Id(), Id());
        var mbox = KoreanMail.Mbox(
            KoreanMail.EucKrPlain(eucKr, "kim@ee.kaist.ac.kr", "행동계획(안) 의견", "데이터 분과의 공공데이터 개방 목표를 2028년으로 앞당겨 주십시오."),
            KoreanMail.EucKr8BitWithAttachment(hwp, "lee@kait.or.kr", "첨부한 의견서를 검토해 주십시오.", AttachmentInspectorTests.Hwp(), "의견서.hwp"),
            KoreanMail.UnknownCharset(broken, "who@example.com"),
            Encoding.Latin1.GetBytes("\u0001\u0002\u00ff\u00fe garbage without headers \u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\r\n"),
            KoreanMail.Utf8QuotedPrintable(qp, "park@snu.ac.kr", "인재 양성 과제에 지역 대학을 포함해야 합니다."),
            KoreanMail.HtmlOnly(html, "choi@civil.or.kr", "시민사회 의견: <b>윤리</b> 기준 강화"),
            KoreanMail.EucKrPlain(last, "end@example.kr", "마지막", "끝까지 읽힙니다."));
        var path = Path.Combine(_folder, "opinions.mbox");
        await File.WriteAllBytesAsync(path, mbox, Timeout);

        var report = await Importer.ImportPathAsync(path, ConsultationClient.Slug, ct: Timeout);

        Assert.Equal(new ImportReport(7, 5, 0, 2), report);
        var first = await OpinionAsync(eucKr);
        Assert.Equal("데이터 분과의 공공데이터 개방 목표를 2028년으로 앞당겨 주십시오.", first.Text);
        Assert.Equal(("행동계획(안) 의견", "김철수", "kim@ee.kaist.ac.kr"), (first.Subject, first.SubmitterName, first.Email));
        Assert.Equal(("한국과학기술원", InstitutionCategory.Academia, OpinionSource.Mail, OpinionState.New), (first.Institution, first.Category, first.Source, first.State));
        Assert.Matches(@"^\d{4}-\d{4}$", first.ReceiptNumber);

        var withFile = await OpinionAsync(hwp);
        Assert.Equal("첨부한 의견서를 검토해 주십시오.", withFile.Text);
        var attachment = Assert.Single(withFile.Attachments);
        Assert.Equal(("의견서.hwp", AttachmentKind.Hwp), (attachment.FileName, attachment.Kind));

        Assert.Equal("인재 양성 과제에 지역 대학을 포함해야 합니다.", (await OpinionAsync(qp)).Text);

        var fromHtml = (await OpinionAsync(html)).Text;
        Assert.Contains("시민사회 의견: 윤리 기준 강화", fromHtml);
        Assert.Contains("둘째 줄", fromHtml);
        Assert.DoesNotContain("alert", fromHtml);
        Assert.DoesNotContain("<", fromHtml);
        Assert.DoesNotContain("color:red", fromHtml);

        var unreadable = await OpinionAsync(broken);
        Assert.Equal(OpinionState.NeedsAttention, unreadable.State);
        Assert.Contains("x-no-such-charset", unreadable.AttentionReason);
        Assert.Contains(unreadable.Attachments, a => a.FileName == "original.eml");

        Assert.Equal("끝까지 읽힙니다.", (await OpinionAsync(last)).Text); // the import went on past the broken ones
    }

    [Fact]
    public async Task ImportingTheSameMailTwiceImportsNothingNewAndAForwardedCopyIsLinkedToTheOriginal()
    {
        var (original, forward) = (Id(), Id());
        var originalMail = KoreanMail.EucKrPlain(original, "a@korea.kr", "원본", "원본 의견입니다.");
        var path = Path.Combine(_folder, "one.eml");
        await File.WriteAllBytesAsync(path, originalMail, Timeout);
        Assert.Equal(new ImportReport(1, 1, 0, 0), await Importer.ImportPathAsync(path, ConsultationClient.Slug, ct: Timeout));
        Assert.Equal(new ImportReport(1, 0, 1, 0), await Importer.ImportPathAsync(path, ConsultationClient.Slug, ct: Timeout));

        await File.WriteAllBytesAsync(Path.Combine(_folder, "two.mbox"), KoreanMail.Mbox(KoreanMail.Forwarded(forward, "b@korea.kr", originalMail)), Timeout);
        var report = await Importer.ImportPathAsync(_folder, ConsultationClient.Slug, ct: Timeout); // the folder: one.eml again and two.mbox
        Assert.Equal(new ImportReport(2, 0, 2, 0), report);
        var copy = await OpinionAsync(forward);
        Assert.Equal((await OpinionAsync(original)).Id, copy.DuplicateOfId);
        await using var db = _app.Database.CreateContext();
        Assert.Equal(1, await db.Set<Opinion>().CountAsync(o => o.MessageId == original, Timeout));
    }

    [Fact]
    public async Task TheCommandLineImportsAndExportsAndPrintsTheReportAsItsLastLine()
    {
        using var database = new TempDatabase();
        var (one, two) = (Id(), Id());
        var mbox = Path.Combine(_folder, "cli.mbox");
        await File.WriteAllBytesAsync(mbox, KoreanMail.Mbox(
            KoreanMail.EucKrPlain(one, "x@korea.kr", "의견", "=cmd|' /C calc'!A0 수식처럼 보이는 의견"),
            KoreanMail.UnknownCharset(two, "y@korea.kr")), Timeout);

        var (code, output) = await RunAppAsync(database, "import-mail", mbox, "--consultation", ConsultationClient.Slug);
        Assert.True(code == 0, output);
        Assert.Equal("{\"messages\":2,\"imported\":1,\"duplicates\":0,\"failed\":1}", LastLine(output));

        (code, output) = await RunAppAsync(database, "import-mail", mbox, "--consultation", ConsultationClient.Slug);
        Assert.Equal("{\"messages\":2,\"imported\":0,\"duplicates\":2,\"failed\":0}", LastLine(output));

        var csv = Path.Combine(_folder, "opinions.csv");
        (code, output) = await RunAppAsync(database, "export-opinions", csv, "--consultation", ConsultationClient.Slug);
        Assert.True(code == 0, output);
        var text = await File.ReadAllTextAsync(csv, Timeout);
        Assert.Contains("접수번호", text);
        Assert.Contains("'=cmd|' /C calc'!A0 수식처럼 보이는 의견", text); // never a formula
        var xlsx = Path.Combine(_folder, "opinions.xlsx");
        (code, _) = await RunAppAsync(database, "export-opinions", xlsx, "--consultation", ConsultationClient.Slug);
        Assert.Equal(0, code);
        Assert.True(new FileInfo(xlsx).Length > 1000);

        (code, output) = await RunAppAsync(database, "import-mail", mbox, "--consultation", "no-such-consultation");
        Assert.Equal(1, code);
        Assert.Contains("no-such-consultation", output);
    }

    private static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    private static async Task<(int Code, string Output)> RunAppAsync(TempDatabase database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PlanWorkspace.App.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Plan"] = database.ConnectionString;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
