using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

public sealed class OpinionFormTests : IClassFixture<PlanAppFactory>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% 의견서\n"u8.ToArray();
    private readonly PlanAppFactory _root;

    public OpinionFormTests(PlanAppFactory app)
    {
        _root = app;
        _ = app.Services; // starts the app: migrated, seeded, the consultation open
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>The app with its own limits; each test gets its own throttle, sharing the fixture's database.</summary>
    private WebApplicationFactory<Program> App(int perIp = 100, int perEmail = 100, int maxBytes = 1024 * 1024) =>
        _root.WithWebHostBuilder(b => b
            .UseSetting("Consultation:OpinionsPerIp", perIp.ToString())
            .UseSetting("Consultation:OpinionsPerEmail", perEmail.ToString())
            .UseSetting("Consultation:MaxAttachmentBytes", maxBytes.ToString()));

    private static string UniqueEmail() => $"t{Guid.NewGuid():N}@example.kr";

    [Fact]
    public async Task AValidOpinionWithAnAttachmentIsStoredAndItsReceiptNumberShown()
    {
        using var app = App();
        var client = ConsultationClient.Create(app);
        var email = UniqueEmail();
        var response = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["email"] = email, ["quote"] = "데이터", ["anchor"] = "s2-p1" },
            [("의견서.pdf", Pdf), ("도표.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = ConsultationClient.Receipt(await response.Content.ReadAsStringAsync(Timeout));
        Assert.Matches(@"^\d{4}-\d{4}$", receipt);

        await using var db = _root.Database.CreateContext();
        var opinion = await db.Set<Opinion>().Include(o => o.Attachments).SingleAsync(o => o.Email == email, Timeout);
        Assert.Equal((receipt, OpinionSource.Web, OpinionState.New, "s2-p1", "데이터"), (opinion.ReceiptNumber, opinion.Source, opinion.State, opinion.QuoteAnchor, opinion.QuotedPassage));
        var section2 = await db.Set<PlanWorkspace.App.Consultation.ConsultationSection>().SingleAsync(s => s.Ordinal == 2, Timeout);
        Assert.Equal(section2.SectionId, opinion.SectionId);
        Assert.Equal([AttachmentKind.Pdf, AttachmentKind.Png], opinion.Attachments.Select(a => a.Kind).Order().ToArray());
    }

    public static TheoryData<string, Dictionary<string, string>, string> RefusedFields => new()
    {
        { "no name", new() { ["name"] = " " }, "이름을 입력해 주십시오." },
        { "long name", new() { ["name"] = new string('김', 101) }, "이름은 100자 이하로" },
        { "bad email", new() { ["email"] = "kim at kaist" }, "올바른 전자우편 주소" },
        { "bad category", new() { ["category"] = "Hacker" }, "구분을 목록에서" },
        { "numeric category", new() { ["category"] = "3" }, "구분을 목록에서" },
        { "no text", new() { ["text"] = "" }, "의견을 입력해 주십시오." },
        { "long text", new() { ["text"] = new string('가', Opinion.MaxTextLength + 1) }, "의견은 20000자 이하로" },
        { "no such section", new() { ["section"] = "99" }, "해당 항목을 목록에서" },
        { "anchor beyond the section", new() { ["quote"] = "x", ["anchor"] = "s2-p999" }, "인용한 부분의 위치" },
        { "anchor in another section", new() { ["quote"] = "x", ["anchor"] = "s3-p1" }, "인용한 부분의 위치" },
        { "honeypot", new() { ["website"] = "http://spam.example" }, "자동 입력으로" },
    };

    [Theory]
    [MemberData(nameof(RefusedFields))]
    public async Task EveryRefusalIsExplainedInKoreanAndStoresNothing(string what, Dictionary<string, string> fields, string message)
    {
        using var app = App();
        var before = await ConsultationClient.OpinionCountAsync(_root.Database);
        var response = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), fields);
        var html = await response.Content.ReadAsStringAsync(Timeout);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Contains(message, html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Equal(before, await ConsultationClient.OpinionCountAsync(_root.Database));
    }

    [Fact]
    public async Task RefusalsAreExplainedInEnglishOnTheEnglishPage()
    {
        using var app = App();
        var client = ConsultationClient.Create(app);
        await client.GetAsync("/culture/set?culture=en-US&redirectUri=/", Timeout);
        var response = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["email"] = "nope" });
        Assert.Contains("Please enter a valid e-mail address.", await response.Content.ReadAsStringAsync(Timeout));
    }

    [Fact]
    public async Task AFakeTypedAttachmentIsRefusedByItsContentAndNothingIsStored()
    {
        using var app = App();
        var before = await ConsultationClient.OpinionCountAsync(_root.Database);
        var response = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), null, [("의견서.pdf", "MZ\u0090\0 not a pdf"u8.ToArray())]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("받을 수 없는 형식", await response.Content.ReadAsStringAsync(Timeout));
        Assert.Equal(before, await ConsultationClient.OpinionCountAsync(_root.Database));
        await using var db = _root.Database.CreateContext();
        Assert.Equal(0, await db.Set<OpinionAttachment>().CountAsync(a => a.FileName == "의견서.pdf" && a.Size < 20, Timeout));
    }

    [Fact]
    public async Task AnOversizedAttachmentAndAFourthAttachmentAreRefused()
    {
        using var app = App(maxBytes: 1024);
        var before = await ConsultationClient.OpinionCountAsync(_root.Database);
        var big = new byte[2048];
        Pdf.CopyTo(big, 0);
        var tooBig = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), null, [("big.pdf", big)]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("너무 큽니다", await tooBig.Content.ReadAsStringAsync(Timeout));
        var four = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), null, Enumerable.Range(1, 4).Select(i => ($"{i}.pdf", Pdf)));
        Assert.Equal(HttpStatusCode.BadRequest, four.StatusCode);
        Assert.Contains("3개까지", await four.Content.ReadAsStringAsync(Timeout));
        Assert.Equal(before, await ConsultationClient.OpinionCountAsync(_root.Database));
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var app = App();
        var before = await ConsultationClient.OpinionCountAsync(_root.Database);
        var response = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // The app-wide guard (Security/WebHardening.UseRequestGuards) refuses it before the form does.
        Assert.Contains("보안 토큰", await response.Content.ReadAsStringAsync(Timeout));
        Assert.Equal(before, await ConsultationClient.OpinionCountAsync(_root.Database));
    }

    [Fact]
    public async Task OneEmailAddressMaySubmitOnlySoManyOpinionsAndTheRefusalUsesNoReceiptNumber()
    {
        using var app = App(perEmail: 2);
        var client = ConsultationClient.Create(app);
        var email = UniqueEmail();
        var fields = new Dictionary<string, string> { ["email"] = email };
        var first = ConsultationClient.Receipt(await (await ConsultationClient.SubmitAsync(client, fields)).Content.ReadAsStringAsync(Timeout));
        Assert.NotNull(ConsultationClient.Receipt(await (await ConsultationClient.SubmitAsync(client, fields)).Content.ReadAsStringAsync(Timeout)));
        var third = await ConsultationClient.SubmitAsync(client, fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("이 전자우편 주소로 너무 많은", await third.Content.ReadAsStringAsync(Timeout));
        await using var db = _root.Database.CreateContext();
        Assert.Equal(2, await db.Set<Opinion>().CountAsync(o => o.Email == email, Timeout));
        var next = ConsultationClient.Receipt(await (await ConsultationClient.SubmitAsync(client)).Content.ReadAsStringAsync(Timeout));
        Assert.Equal(int.Parse(first![5..]) + 2, int.Parse(next![5..])); // the refused one took no number
    }

    [Fact]
    public async Task OneClientAddressMaySubmitOnlySoManyOpinions()
    {
        using var app = App(perIp: 2);
        var client = ConsultationClient.Create(app);
        Assert.Equal(HttpStatusCode.OK, (await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["email"] = UniqueEmail() })).StatusCode);
        // A refused submission does not use up the allowance.
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["text"] = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["email"] = UniqueEmail() })).StatusCode);
        var third = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["email"] = UniqueEmail() });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("같은 곳에서 너무 많은", await third.Content.ReadAsStringAsync(Timeout));
    }

    [Fact]
    public async Task ScriptInEveryFieldIsStoredAsTextAndNeverEmittedAsMarkup()
    {
        using var app = App();
        var client = ConsultationClient.Create(app);
        const string Script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        // Refused (bad e-mail): the form comes back with every value, encoded.
        var refused = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string>
        {
            ["name"] = Script, ["institution"] = Script, ["email"] = Script, ["quote"] = Script, ["text"] = Script,
        });
        var html = await refused.Content.ReadAsStringAsync(Timeout);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);

        var email = UniqueEmail();
        var accepted = await ConsultationClient.SubmitAsync(client, new Dictionary<string, string> { ["name"] = Script, ["institution"] = Script, ["text"] = Script, ["email"] = email });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await using var db = _root.Database.CreateContext();
        Assert.Equal(Script, (await db.Set<Opinion>().SingleAsync(o => o.Email == email, Timeout)).Text);
    }

    [Fact]
    public async Task TheFormOffersRegisteredInstitutionsAndAQuotedPassageFromTheLink()
    {
        await using (var db = _root.Database.CreateContext())
        {
            if (!await db.Set<Institution>().AnyAsync(i => i.Name == "한국정보통신진흥협회", Timeout))
            {
                db.Add(new Institution("한국정보통신진흥협회", InstitutionCategory.Industry, "policy@kait.or.kr", null));
                await db.SaveChangesAsync(Timeout);
            }
        }
        using var app = App();
        var html = await ConsultationClient.Create(app).GetStringAsync($"/consult/{ConsultationClient.Slug}/opinion?section=3&anchor=s3-p2&quote=%EA%B3%B5%EA%B3%B5%3Cb%3E", Timeout);
        Assert.Contains("<option value=\"한국정보통신진흥협회\"></option>", html);
        Assert.Contains("<option value=\"3\" selected>", html);
        Assert.Contains(">공공&lt;b&gt;</textarea>", html);
        Assert.Contains("name=\"anchor\" value=\"s3-p2\"", html);
        Assert.Contains("<label for=\"text\">", html);
    }

    [Fact]
    public async Task AttachmentKindsAreAcceptedAsTheInspectorSays()
    {
        using var app = App();
        var response = await ConsultationClient.SubmitAsync(ConsultationClient.Create(app), new Dictionary<string, string> { ["email"] = UniqueEmail() },
            [("a.hwp", AttachmentInspectorTests.Hwp()), ("b.hwpx", AttachmentInspectorTests.Zip(("mimetype", "application/hwp+zip"))), ("c.jpg", [0xFF, 0xD8, 0xFF, 0xE0])]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
