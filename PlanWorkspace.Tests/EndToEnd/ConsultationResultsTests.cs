using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The consultation's second half in Chromium: the secretariat turns a quoted opinion into a
/// suggestion from the inbox, the chair accepts it in the section, the inbox links the opinion to
/// the edit; the consultation is closed and its results published on the consultations page, and
/// the public reads them. Screenshots of the changed pages in Korean and English, wide and narrow.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsultationResultsTests : BrowserTest
{
    private const string Slug = ConsultationClient.Slug;

    /// <summary>An opinion quoting a plain run of the industry section's frozen text.</summary>
    private async Task<(string Receipt, int SectionId)> QuotedOpinionAsync()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        await using var db = Server.App.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug);
        var section = await db.Set<ConsultationSection>().SingleAsync(s => s.ConsultationId == consultation.Id && s.SectionId == sectionId);
        var frozen = (await Server.Service<SectionLog>().TextAtAsync(sectionId, section.Version, false))!;
        var line = frozen.Text.Split('\n').First(l => l.Length > 30 && !l.Any(c => c is '*' or '_' or '`' or '#' or '>' or '[' or '|' or '-'));
        var opinion = Opinion.FromWeb(consultation, new OpinionSubmission("김산업", "한국산업기술협회", null, InstitutionCategory.Industry, "kim@kiat.or.kr",
            sectionId, line.Trim()[..20].Trim(), ParagraphAnchor.Of(section.Ordinal, 2), "이 문장에 중소기업 지원을 명시해 주십시오."), DateTimeOffset.UtcNow);
        db.Add(opinion);
        await db.SaveChangesAsync();
        return (opinion.ReceiptNumber, sectionId);
    }

    [EndToEndFact]
    public async Task AQuotedOpinionBecomesASuggestionTheChairAcceptsAndThePublishedResultsAreReadByThePublic()
    {
        var (receipt, sectionId) = await QuotedOpinionAsync();

        // The secretariat opens a suggestion from the opinion.
        var staff = await SignInAsync("secretariat@plan.local", width: 1440);
        await OpenAsync(staff, $"/consult/{Slug}/opinions");
        var card = staff.Locator($"[data-testid=opinion-card][data-receipt='{receipt}']");
        await card.GetByTestId("suggest-open").ClickAsync();
        await card.Locator("textarea").FillAsync("중소기업을 포함한 산업 전반의 AI 전환을 지원한다");
        await card.GetByTestId("suggest-submit").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("수정 제안을 열었습니다");
        await Assertions.Expect(card.GetByTestId("opinion-suggestion")).ToContainTextAsync("검토 대기");

        // The chair accepts it in the section.
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId);
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToHaveCountAsync(1);
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToContainTextAsync(receipt);
        await chair.GetByTestId("suggestion-accept").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToHaveCountAsync(0);
        Assert.Contains("중소기업을 포함한 산업 전반의 AI 전환을 지원한다",
            await WaitForEditorTextAsync(chair, "중소기업을 포함한 산업 전반의 AI 전환을 지원한다"), StringComparison.Ordinal);

        // The inbox links the opinion to the accepted edit; the secretariat answers it.
        await OpenAsync(staff, $"/consult/{Slug}/opinions");
        await Assertions.Expect(card.GetByTestId("opinion-suggestion")).ToContainTextAsync("수락됨");
        await Assertions.Expect(card.GetByTestId("opinion-edit")).ToContainTextAsync("버전");
        await card.GetByTestId("classify-reason").FillAsync("중소기업 지원을 본문에 명시하여 반영");
        await card.GetByTestId("classify").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("분류했습니다");
        await card.ScrollIntoViewIfNeededAsync();
        await card.ScreenshotAsync(new() { Path = Artifact("consult-suggestion-ko-1440.png") });

        // Close and publish on the consultations page.
        await OpenAsync(staff, "/consultations");
        var row = staff.Locator($"[data-testid=consultation-row][data-slug='{Slug}']");
        await row.GetByTestId("admin-close").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", nameof(ConsultationState.Closed));
        await row.GetByTestId("admin-publish").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", nameof(ConsultationState.ReportPublished));
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-admin-ko-1440.png"), FullPage = true });
        await NarrowToPhoneAsync(staff);
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-admin-ko-360.png") });
        var english = await SignInAsync("vicechair@plan.local", "en-US", width: 1440);
        await OpenAsync(english, "/consultations");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Consultations");
        await english.ScreenshotAsync(new() { Path = Artifact("consult-admin-en-1440.png"), FullPage = true });
        await NarrowToPhoneAsync(english);
        await english.ScreenshotAsync(new() { Path = Artifact("consult-admin-en-360.png") });

        // The public reads the results without an account.
        var context = await Chromium.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1440, Height = 1000 } });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync($"/consult/{Slug}");
        await Assertions.Expect(visitor.Locator("body")).ToContainTextAsync("의견 수렴 결과");
        await Assertions.Expect(visitor.Locator("body")).ToContainTextAsync("중소기업 지원을 본문에 명시하여 반영");
        await Assertions.Expect(visitor.Locator("body")).Not.ToContainTextAsync("김산업"); // names are never published
        await visitor.Locator("text=의견 수렴 결과").First.ScrollIntoViewIfNeededAsync();
        await visitor.ScreenshotAsync(new() { Path = Artifact("consult-results-ko-1440.png") });
    }
}
