using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The consultation's third part in Chromium: the invitation list imported and who answered, similar
/// opinions merged from the inbox, the dashboard's consultation card, and the mail upload's
/// byte-level progress bar. Screenshots in Korean and English, wide and narrow.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsultationRegistryTests : BrowserTest
{
    private const string Slug = ConsultationClient.Slug;
    private const string Campaign = "지역 AI 거점 대학에 GPU 자원을 우선 배분하고, 지역 기업과 공동 연구를 하는 경우 매칭 예산을 두어야 합니다. 수도권 쏠림을 줄이는 장치가 필요합니다.";

    private async Task<string> SeedAsync()
    {
        await using var db = Server.App.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug);
        Opinion Make(string text, string email, string? institution) => Opinion.FromWeb(consultation,
            new OpinionSubmission("지역대학", institution, null, InstitutionCategory.Academia, email, null, null, null, text), DateTimeOffset.UtcNow);
        var primary = Make(Campaign, "office@region-univ.ac.kr", null);
        db.AddRange(primary, Make(Campaign + " 총장 일동", "dean@region-univ2.ac.kr", "지역거점대학 둘"), Make(Campaign.Replace(",", " ") + "!", "lab@ee.region-univ.ac.kr", null));
        await db.SaveChangesAsync();
        return primary.ReceiptNumber;
    }

    private static FilePayload InvitationList() => new()
    {
        Name = "초청명단.csv",
        MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes("""
            기관명,구분,이메일,도메인
            지역거점대학 하나,학계,office@region-univ.ac.kr,region-univ.ac.kr
            지역거점대학 둘,학계,office@region-univ2.ac.kr,region-univ2.ac.kr
            한국인공지능산업협회(가상),산업계,desk@ai-industry.or.kr,
            시민AI감시(가상),시민사회,watch@ai-watch.or.kr,
            과학기술연구원(가상),연구계,ai@kist-virtual.re.kr,
            잘못된 행,우주계,x@y.kr,
            """),
    };

    [EndToEndFact]
    public async Task TheSecretariatImportsTheListSeesWhoAnsweredMergesSimilarOpinionsAndTheDashboardShowsTheConsultation()
    {
        var receipt = await SeedAsync();
        var staff = await SignInAsync("secretariat@plan.local", width: 1440);
        staff.Dialog += (_, dialog) => throw new InvalidOperationException("A dialog opened: " + dialog.Message);

        await OpenAsync(staff, $"/consult/{Slug}/institutions");
        await staff.GetByTestId("registry-upload").SetInputFilesAsync(InvitationList());
        await Assertions.Expect(staff.GetByTestId("registry-message")).ToContainTextAsync("추가 5곳");
        await Assertions.Expect(staff.GetByTestId("registry-rejected")).ToContainTextAsync("우주계");
        await Assertions.Expect(staff.GetByTestId("registry-summary")).ToContainTextAsync("답변 2곳");
        var academia = staff.Locator("[data-testid=registry-category][data-category=Academia]");
        await Assertions.Expect(academia).ToContainTextAsync("답변 2 / 초청 2");
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-registry-ko-1440.png"), FullPage = true });
        // Opened again at the phone's width, so the layout (drawer closed) is the phone's, not a shrunk desktop's.
        await staff.SetViewportSizeAsync(360, 900);
        await OpenAsync(staff, $"/consult/{Slug}/institutions");
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-registry-ko-360.png"), FullPage = true });
        await staff.SetViewportSizeAsync(1440, 1000);

        // The inbox groups the three letters; two are merged into the first.
        await OpenAsync(staff, $"/consult/{Slug}/opinions");
        var card = staff.Locator($"[data-testid=opinion-card][data-receipt='{receipt}']");
        await Assertions.Expect(card.GetByTestId("similar-open")).ToContainTextAsync("비슷한 의견 2건");
        await card.GetByTestId("similar-open").ClickAsync();
        await Assertions.Expect(card.GetByTestId("similar-row")).ToHaveCountAsync(2);
        foreach (var box in await card.GetByTestId("similar-row").Locator("input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }
        await card.ScrollIntoViewIfNeededAsync();
        await card.ScreenshotAsync(new() { Path = Artifact("consult-similar-ko-1440.png") });
        await card.GetByTestId("merge").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("병합했습니다");
        await Assertions.Expect(card.GetByTestId("merged-count")).ToContainTextAsync("병합된 의견 2건");
        await Assertions.Expect(staff.GetByTestId("merged-into")).ToHaveCountAsync(2);

        await OpenAsync(staff, "/");
        var dashboard = staff.GetByTestId("consultation-card");
        await Assertions.Expect(dashboard).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.GetByTestId("institutions-answered")).ToContainTextAsync("/ 5곳 답변");
        await dashboard.ScrollIntoViewIfNeededAsync();
        await dashboard.ScreenshotAsync(new() { Path = Artifact("consult-dashboard-ko-1440.png") });
        await staff.SetViewportSizeAsync(360, 900);
        await OpenAsync(staff, "/");
        await dashboard.ScrollIntoViewIfNeededAsync();
        await dashboard.ScreenshotAsync(new() { Path = Artifact("consult-dashboard-ko-360.png") });

        var english = await SignInAsync("vicechair@plan.local", "en-US", width: 1440);
        await OpenAsync(english, $"/consult/{Slug}/institutions");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Invited institutions");
        await english.ScreenshotAsync(new() { Path = Artifact("consult-registry-en-1440.png"), FullPage = true });
        await english.SetViewportSizeAsync(360, 900);
        await OpenAsync(english, $"/consult/{Slug}/institutions");
        await english.ScreenshotAsync(new() { Path = Artifact("consult-registry-en-360.png"), FullPage = true });
        await english.SetViewportSizeAsync(1440, 1000);
        await OpenAsync(english, "/");
        var card2 = english.GetByTestId("consultation-card");
        await card2.ScrollIntoViewIfNeededAsync();
        await card2.ScreenshotAsync(new() { Path = Artifact("consult-dashboard-en-1440.png") });
        await english.SetViewportSizeAsync(360, 900);
        await OpenAsync(english, "/");
        await card2.ScrollIntoViewIfNeededAsync();
        await card2.ScreenshotAsync(new() { Path = Artifact("consult-dashboard-en-360.png") });
    }

    [EndToEndFact]
    public async Task TheMailUploadBarMovesWithTheBytesTheServerHasRead()
    {
        var attachment = new byte[120_000];
        new Random(7).NextBytes(attachment);
        "%PDF-1.7\n"u8.ToArray().CopyTo(attachment, 0);
        var mbox = Path.Combine(Path.GetTempPath(), $"consult-progress-{Guid.NewGuid():N}.mbox");
        await File.WriteAllBytesAsync(mbox, KoreanMail.Mbox(Enumerable.Range(0, 80)
            .Select(i => KoreanMail.EucKr8BitWithAttachment($"{Guid.NewGuid():N}@progress.kr", "p@progress.kr", $"진행 표시 시험 {i}", attachment, "첨부.pdf")).ToArray()));
        try
        {
            var staff = await SignInAsync("secretariat@plan.local", width: 1440);
            await OpenAsync(staff, $"/consult/{Slug}/opinions");
            await staff.GetByTestId("mail-upload").SetInputFilesAsync(mbox);
            // Part-way: the bar is determinate and has a value strictly between 0 and 100.
            await staff.WaitForFunctionAsync("""
                () => { const bar = document.querySelector('[data-testid=upload-progress]');
                        const p = bar ? Number(bar.dataset.percent) : -1; return p > 0 && p < 100; }
                """, null, new() { Timeout = 60_000, PollingInterval = 20 });
            await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("메일 80건", new() { Timeout = 120_000 });
        }
        finally
        {
            File.Delete(mbox);
        }
    }
}
