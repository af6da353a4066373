using PlanWorkspace.Domain.Outcomes;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>
/// The invitation list: import from CSV/XLSX with every row checked, re-import by name or domain,
/// hostile files, who answered, the reminder list (formula-safe) and who may do any of it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InstitutionRegistryTests(PlanAppFactory app) : AppFixtureTests(app), IClassFixture<PlanAppFactory>
{
    private const string Slug = ConsultationClient.Slug;

    private async Task<Result<InstitutionImportReport>> ImportAsync(string csvOrNull, byte[]? bytes = null, bool xlsx = false, string actor = "secretariat@plan.local")
    {
        using var scope = App.Services.CreateScope();
        using var stream = new MemoryStream(bytes ?? Encoding.UTF8.GetBytes(csvOrNull));
        return await scope.ServiceProvider.GetRequiredService<InstitutionRegistry>().ImportAsync(await ActorAsync(actor), stream, xlsx, Timeout);
    }

    private async Task<List<Institution>> InstitutionsAsync(string prefix)
    {
        await using var db = App.Database.CreateContext();
        return await db.Set<Institution>().AsNoTracking().Where(i => i.Name.StartsWith(prefix)).OrderBy(i => i.Name).ToListAsync(Timeout);
    }

    [Fact]
    public async Task ACsvListIsImportedAndEachBadRowIsReportedWithItsRowNumberAndReasonAndNotStored()
    {
        var csv = """
            기관명,구분,이메일,도메인
            가상협회A,산업계,info@assoc-a.or.kr,assoc-a.or.kr
            가상협회B,우주계,info@assoc-b.or.kr,
            가상협회C,학계,not-an-address,
            가상협회D,연구계,d@assoc-d.re.kr,bad domain!
            ,시민사회,e@assoc-e.or.kr,
            가상협회A,학계,other@assoc-a2.or.kr,
            가상협회F,시민사회,f@assoc-a.or.kr,assoc-a.or.kr
            가상협회G,정부·공공,g@assoc-g.go.kr,
            """;
        var result = await ImportAsync(csv);

        Assert.Null(result.Refusal?.Code);
        Assert.Equal(2, result.Value!.Added);
        Assert.Equal([(3, Refusals.Registry.RejectCategory.Code), (4, Refusals.Registry.RejectEmail.Code), (5, Refusals.Registry.RejectDomain.Code),
            (6, Refusals.Registry.RejectName.Code), (7, Refusals.Registry.RejectDuplicate.Code), (8, Refusals.Registry.RejectDuplicate.Code)],
            result.Value!.Rejected.Select(r => (r.Row, r.Reason.Code)));
        Assert.Equal("우주계", result.Value.Rejected[0].Reason.Arguments[0]);
        var stored = await InstitutionsAsync("가상협회");
        Assert.Equal(["가상협회A", "가상협회G"], stored.Select(i => i.Name));
        Assert.Equal(InstitutionCategory.Public, stored[1].Category);
        Assert.Equal("assoc-g.go.kr", stored[1].Domain);
    }

    [Fact]
    public async Task ReimportingACorrectedListUpdatesByNameOrByDomainInsteadOfAddingDuplicates()
    {
        Assert.Equal(2, (await ImportAsync("name,category,email,domain\n재가져오기 대학,academia,a@reimport-u.ac.kr,reimport-u.ac.kr\n재가져오기 연구소,research,b@reimport-r.re.kr,reimport-r.re.kr\n")).Value!.Added);

        // The university by name (new address), the institute by its domain (renamed); nothing added.
        var again = await ImportAsync("기관명,구분,이메일,도메인\n재가져오기 대학,학계,ai@reimport-u.ac.kr,reimport-u.ac.kr\n재가져오기 연구소(개칭),연구계,b@reimport-r.re.kr,reimport-r.re.kr\n");
        Assert.Equal((0, 2, 0), (again.Value!.Added, again.Value.Updated, again.Value.Unchanged));
        var stored = await InstitutionsAsync("재가져오기");
        Assert.Equal(["재가져오기 대학", "재가져오기 연구소(개칭)"], stored.Select(i => i.Name));
        Assert.Equal("ai@reimport-u.ac.kr", stored[0].ContactEmail);

        var same = await ImportAsync("기관명,구분,이메일,도메인\n재가져오기 대학,학계,ai@reimport-u.ac.kr,reimport-u.ac.kr\n");
        Assert.Equal((0, 0, 1), (same.Value!.Added, same.Value.Updated, same.Value.Unchanged));
        Assert.Equal(2, (await InstitutionsAsync("재가져오기")).Count);
    }

    [Fact]
    public async Task AnXlsxListAndAnEucKrCsvAsKoreanExcelSavesItAreBothRead()
    {
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(new[]
        {
            new Dictionary<string, object?> { ["기관명"] = "엑셀기관 하나", ["구분"] = "시민사회", ["이메일"] = "one@xlsx-one.or.kr", ["도메인"] = null },
            new Dictionary<string, object?> { ["기관명"] = "엑셀기관 둘", ["구분"] = "개인", ["이메일"] = "two@xlsx-two.kr", ["도메인"] = "xlsx-two.kr" },
        }, excelType: ExcelType.XLSX, cancellationToken: Timeout);
        var fromXlsx = await ImportAsync(string.Empty, xlsx.ToArray(), xlsx: true);
        Assert.Equal((2, 0), (fromXlsx.Value!.Added, fromXlsx.Value.Rejected.Count));

        MailDecoderEncodings();
        var eucKr = Encoding.GetEncoding(949).GetBytes("기관명,구분,이메일\r\n완성형기관,연구계,kr@euckr-inst.re.kr\r\n");
        var fromCsv = await ImportAsync(string.Empty, eucKr);
        Assert.Equal(1, fromCsv.Value!.Added);
        Assert.Equal(InstitutionCategory.Research, (await InstitutionsAsync("완성형기관")).Single().Category);
        Assert.Equal(["엑셀기관 둘", "엑셀기관 하나"], (await InstitutionsAsync("엑셀기관")).Select(i => i.Name));
    }

    private static void MailDecoderEncodings() => PlanWorkspace.App.Consultation.Mail.MailDecoder.EnsureEncodings();

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "not-a-zip.xlsx", Refusals.Registry.Unreadable.Code },
        { "zip-bomb.xlsx", Refusals.Registry.Unreadable.Code },
        { "truncated.xlsx", Refusals.Registry.Unreadable.Code },
        { "too-large.csv", Refusals.Registry.TooLarge.Code },
        { "too-many-rows.csv", Refusals.Registry.TooManyRows.Code },
        { "no-columns.csv", Refusals.Registry.Columns.Code },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task AHostileFileIsRefusedAsAWholeWithAReasonAndNothingIsStored(string file, string reason)
    {
        await using (var db = App.Database.CreateContext())
        {
            _ = await db.Set<Institution>().CountAsync(Timeout);
        }
        var before = (await InstitutionsAsync("적대")).Count;
        var (bytes, xlsx) = file switch
        {
            "not-a-zip.xlsx" => (Encoding.UTF8.GetBytes("기관명,구분,이메일\n적대기관,학계,a@b.kr\n"), true),
            "zip-bomb.xlsx" => (ZipBomb(), true),
            "truncated.xlsx" => (await TruncatedXlsxAsync(), true),
            "too-large.csv" => (Encoding.UTF8.GetBytes("기관명,구분,이메일\n" + string.Concat(Enumerable.Repeat("적대기관,학계,a@hostile.kr," + new string('x', 1000) + "\n", 2200))), false),
            "too-many-rows.csv" => (Encoding.UTF8.GetBytes("기관명,구분,이메일\n" + string.Concat(Enumerable.Range(0, InstitutionImport.MaxRows + 1).Select(i => $"적대기관{i},학계,a{i}@hostile.kr\n"))), false),
            _ => (Encoding.UTF8.GetBytes("이름없음,열\n적대기관,학계\n"), false),
        };
        var result = await ImportAsync(string.Empty, bytes, xlsx);
        Assert.Equal(reason, result.Refusal?.Code);
        Assert.Null(result.Value);
        Assert.Equal(before, (await InstitutionsAsync("적대")).Count);
    }

    /// <summary>A zip whose one part unpacks to 64 MB of zeros (about 60 KB packed).</summary>
    private static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    private static async Task<byte[]> TruncatedXlsxAsync()
    {
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(new[] { new Dictionary<string, object?> { ["기관명"] = "적대기관", ["구분"] = "학계", ["이메일"] = "a@b.kr" } });
        return xlsx.ToArray()[..(int)(xlsx.Length / 2)];
    }

    [Fact]
    public async Task AnInstitutionCountsAsAnsweredByNameOrSenderDomainAndTheReminderListHoldsOnlyTheOthersFormulaSafe()
    {
        Assert.Null((await ImportAsync("""
            기관명,구분,이메일,도메인
            답변확인 과학대학,학계,office@answer-univ.ac.kr,answer-univ.ac.kr
            답변확인 시민모임,시민사회,hello@answer-civic.or.kr,
            답변확인 산업협회,산업계,desk@answer-industry.or.kr,
            "=HYPERLINK(""http://evil.example"",""답변확인 함정"")",산업계,+cmd@answer-trap.kr,
            """)).Refusal?.Code);
        await using (var db = App.Database.CreateContext())
        {
            var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
            Opinion Make(string? institution, string email) => Opinion.FromWeb(consultation,
                new OpinionSubmission("제출자", institution, null, InstitutionCategory.Individual, email, null, null, null, "답변 확인용 의견"), DateTimeOffset.UtcNow);
            // A professor writes from a department's subdomain without naming the university; the civic group names itself from a webmail address.
            db.AddRange(Make(null, "prof@cs.answer-univ.ac.kr"), Make(null, "dean@answer-univ.ac.kr"), Make("답변확인 시민모임", "member@naver.com"));
            await db.SaveChangesAsync(Timeout);
        }
        using var scope = App.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<InstitutionRegistry>();
        var secretariat = await ActorAsync("secretariat@plan.local");

        var overview = await registry.OverviewAsync(secretariat, Slug, Timeout);
        var mine = overview!.Categories.SelectMany(c => c.Institutions).Where(i => i.Name.Contains("답변확인")).ToDictionary(i => i.Name, i => i.Opinions);
        Assert.Equal(2, mine["답변확인 과학대학"]);
        Assert.Equal(1, mine["답변확인 시민모임"]);
        Assert.Equal(0, mine["답변확인 산업협회"]);
        var industry = overview.Categories.Single(c => c.Category == InstitutionCategory.Industry);
        Assert.Equal(industry.Institutions.Count(i => i.Opinions > 0), industry.Answered);

        using var csv = new MemoryStream();
        Assert.True(await registry.WriteRemindersAsync(secretariat, Slug, csv, Timeout));
        var text = new UTF8Encoding(false).GetString(csv.ToArray());
        Assert.StartsWith("\uFEFF기관명,구분,이메일\r\n", text);
        Assert.Contains("\"답변확인 산업협회\",\"산업계\",\"desk@answer-industry.or.kr\"\r\n", text);
        Assert.DoesNotContain("답변확인 과학대학", text);
        Assert.DoesNotContain("답변확인 시민모임", text);
        // The formula became text: an apostrophe first, its quotes doubled inside a quoted cell.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"답변확인 함정\"\")\",\"산업계\",\"'+cmd@answer-trap.kr\"", text);
        Assert.DoesNotContain("\n=", text);
        Assert.DoesNotContain(",\"=", text);
        var readBack = csv.ToArray();
        using var back = new MemoryStream(readBack[3..]);
        var rows = back.Query(useHeaderRow: true, excelType: ExcelType.CSV).Cast<IDictionary<string, object?>>().ToList();
        Assert.All(rows, r => Assert.DoesNotMatch("^[=+\\-@]", (string)r["기관명"]!));
    }

    [Theory]
    [InlineData("chair.industry-ax@plan.local")]
    [InlineData("advisor1@plan.local")]
    [InlineData("lead.security-tf@plan.local")]
    public async Task OnlyTheViceChairAndTheSecretariatMayImportSeeOrExportTheList(string email)
    {
        var refused = await ImportAsync("기관명,구분,이메일\n권한시험기관,학계,a@perm-test.ac.kr\n", actor: email);
        Assert.Equal(Refusals.Consult.NotAllowed.Code, refused.Refusal?.Code);
        Assert.Empty(await InstitutionsAsync("권한시험기관"));
        using var scope = App.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<InstitutionRegistry>();
        Assert.Null(await registry.OverviewAsync(await ActorAsync(email), Slug, Timeout));
        Assert.False(await registry.WriteRemindersAsync(await ActorAsync(email), Slug, new MemoryStream(), Timeout));
        Assert.NotNull(await registry.OverviewAsync(await ActorAsync("vicechair@plan.local"), Slug, Timeout));

        // Over HTTP: anonymous is sent to sign in, the role is refused, the secretariat gets the file.
        var anonymous = ConsultationClient.Create(App);
        var response = await anonymous.GetAsync($"/consult/{Slug}/institutions/reminders.csv", Timeout);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var member = ConsultationClient.Create(App);
        await SignIn.PostAsync(member, email, "Plan!2025");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/consult/{Slug}/institutions/reminders.csv", Timeout)).StatusCode);
        var staff = ConsultationClient.Create(App);
        await SignIn.PostAsync(staff, "secretariat@plan.local", "Plan!2025");
        var file = await staff.GetAsync($"/consult/{Slug}/institutions/reminders.csv", Timeout);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
    }
}
