using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The inbox card's similar-opinions group and its attachment notes in Chromium, in English and at a
/// phone's width (the Korean 1440 px view is in <see cref="ConsultationRegistryTests"/>): nothing
/// runs past the screen's edge, and a PDF that gave no text says so beside its name.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SimilarOpinionsViewTests : BrowserTest
{
    private const string Slug = ConsultationClient.Slug;
    private const string Campaign = "인공지능 학습용 공공데이터의 개방 범위를 넓히고, 개인정보 가명처리 기준을 분야별로 구체화해 주십시오. 중소기업이 쓸 수 있는 데이터 바우처도 늘려야 합니다.";

    private async Task<string> SeedAsync()
    {
        await using var db = Server.App.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug);
        Opinion Make(string text, string email, string? institution) => Opinion.FromWeb(consultation,
            new OpinionSubmission("데이터협회", institution, null, InstitutionCategory.Industry, email, null, null, null, text), DateTimeOffset.UtcNow);
        var primary = Make(Campaign, "policy@data-association.or.kr", "한국데이터산업협회(가상)");
        var scan = new OpinionAttachment("데이터_개방_의견서_스캔본_최종.pdf", AttachmentKind.Pdf, PdfFiles.Simple(" "));
        scan.NoteTextProblem(AttachmentTextProblem.NoText);
        primary.Attach(scan);
        db.AddRange(primary, Make(Campaign + " 회원사 일동", "member@data-startup.kr", "데이터스타트업포럼(가상)"),
            Make(Campaign.Replace(",", " ", StringComparison.Ordinal) + "!", "lab@bigdata.re.kr", null));
        await db.SaveChangesAsync();
        return primary.ReceiptNumber;
    }

    [EndToEndFact]
    public async Task TheSimilarGroupAndAnAttachmentNoteReadInEnglishAndFitAPhone()
    {
        var receipt = await SeedAsync();
        foreach (var (culture, width, name, openLabel, note) in new[]
        {
            ("en-US", 1440, "consult-similar-en-1440.png", "2 similar opinions", "the text could not be extracted"),
            ("en-US", 360, "consult-similar-en-360.png", "2 similar opinions", "the text could not be extracted"),
            ("ko-KR", 360, "consult-similar-ko-360.png", "비슷한 의견 2건", "본문을 추출하지 못했습니다"),
        })
        {
            var page = await SignInAsync("secretariat@plan.local", culture, width: width, height: 900);
            await OpenAsync(page, $"/consult/{Slug}/opinions");
            var card = page.Locator($"[data-testid=opinion-card][data-receipt='{receipt}']");
            await Assertions.Expect(card.GetByTestId("attachment-note")).ToContainTextAsync(note);
            await Assertions.Expect(card.GetByTestId("similar-open")).ToContainTextAsync(openLabel);
            await card.GetByTestId("similar-open").ClickAsync();
            await Assertions.Expect(card.GetByTestId("similar-row")).ToHaveCountAsync(2);
            await card.GetByTestId("similar-row").First.Locator("input[type=checkbox]").CheckAsync();
            await Assertions.Expect(card.GetByTestId("merge")).ToBeEnabledAsync();
            // Nothing in the card (long file names, snippets, the merge button) runs past the screen's edge.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{culture} at {width} px scrolls sideways by {overflow} px");
            var box = await card.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"{culture} at {width} px: the card spans {box?.X}..{box?.X + box?.Width}");
            await card.ScrollIntoViewIfNeededAsync();
            await card.ScreenshotAsync(new() { Path = Artifact(name) });
            await page.Context.CloseAsync();
        }
    }
}
