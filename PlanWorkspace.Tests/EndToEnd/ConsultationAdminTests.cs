using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The vice-chair prepares a consultation through the form on /consultations: the period is said
/// in the page's language (the browser's own date fields show the browser's), a wrong period or
/// address is refused in that language with nothing stored, and a draft can be changed.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsultationAdminTests : BrowserTest
{
    private const string NewSlug = "ai-basic-act-2027";

    [EndToEndFact]
    public async Task TheVicechairPreparesAConsultationWhosePeriodIsSaidInThePagesLanguage()
    {
        var page = await SignInAsync("vicechair@plan.local", "ko-KR", 1440, 1100);
        await OpenAsync(page, "/consultations");
        var form = page.GetByTestId("admin-form");
        var period = page.GetByTestId("admin-period");
        // A new consultation runs in office hours: from 09:00 on its first day to 18:00 on its last.
        await Assertions.Expect(period).ToContainTextAsync("오전 9:00부터");
        await Assertions.Expect(period).ToContainTextAsync("오후 6:00까지 (한국 표준시)");

        await form.GetByTestId("admin-slug").FillAsync(NewSlug);
        await form.GetByTestId("admin-title").FillAsync("인공지능기본법 시행계획(안) 의견 수렴");
        await form.GetByTestId("admin-contact").FillAsync("basic-act@aicommittee.go.kr");
        var starts = form.GetByTestId("admin-starts");
        var ends = form.GetByTestId("admin-ends");

        // An end before the start is said at once, and refused on saving.
        await starts.FillAsync("2027-01-04T09:00");
        await ends.FillAsync("2027-01-03T18:00");
        await Assertions.Expect(period).ToHaveTextAsync("마감 일시는 시작 일시보다 뒤여야 합니다.");
        await form.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("마감 일시는 시작 일시보다 뒤여야 합니다.");

        // A field left empty.
        await ends.FillAsync("");
        await Assertions.Expect(period).ToHaveTextAsync("시작과 마감 일시를 모두 입력해 주세요.");
        await form.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("시작과 마감 일시를 모두 입력해 주세요.");
        Assert.Null(await FindAsync(NewSlug));

        await ends.FillAsync("2027-02-05T18:00");
        await Assertions.Expect(period).ToHaveTextAsync("의견 받는 기간: 2027년 1월 4일 월요일 오전 9:00부터 2027년 2월 5일 금요일 오후 6:00까지 (한국 표준시)");
        await form.ScreenshotAsync(new() { Path = Artifact("consult-admin-form-ko-1440.png") });
        await form.GetByTestId("admin-save").ClickAsync();
        var row = page.Locator($"[data-testid=consultation-row][data-slug='{NewSlug}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", nameof(ConsultationState.Draft));
        await Assertions.Expect(row).ToContainTextAsync("2027-01-04 09:00 – 2027-02-05 18:00 (KST)");

        // Stored as Seoul wall-clock times: 09:00 KST is midnight UTC.
        var stored = await FindAsync(NewSlug);
        Assert.NotNull(stored);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), stored.StartsAt.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 2, 5, 9, 0, 0, TimeSpan.Zero), stored.EndsAt.ToUniversalTime());
        Assert.Equal(ConsultationState.Draft, stored.State);

        // The same address again is refused; the form says so in Korean.
        await form.GetByTestId("admin-slug").FillAsync(NewSlug);
        await form.GetByTestId("admin-title").FillAsync("중복");
        await form.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("이미 쓰고 있는 주소입니다.");

        // In English, editing the draft says its period in English; a new end is stored.
        var english = await SignInAsync("vicechair@plan.local", "en-US", 1440, 1100);
        await OpenAsync(english, "/consultations");
        var englishRow = english.Locator($"[data-testid=consultation-row][data-slug='{NewSlug}']");
        await englishRow.GetByTestId("admin-edit").ClickAsync();
        var englishForm = english.GetByTestId("admin-form");
        await Assertions.Expect(englishForm.GetByTestId("admin-slug")).ToHaveValueAsync(NewSlug);
        await Assertions.Expect(english.GetByTestId("admin-period"))
            .ToHaveTextAsync("Opinions are taken from Monday, January 4, 2027 9:00 AM until Friday, February 5, 2027 6:00 PM (Korea Standard Time).");
        await englishForm.GetByTestId("admin-ends").FillAsync("2027-02-12T18:00");
        await Assertions.Expect(english.GetByTestId("admin-period")).ToContainTextAsync("until Friday, February 12, 2027 6:00 PM");
        await englishForm.ScreenshotAsync(new() { Path = Artifact("consult-admin-form-en-1440.png") });
        await englishForm.GetByTestId("admin-save").ClickAsync();
        await Assertions.Expect(englishRow).ToContainTextAsync("2027-01-04 09:00 – 2027-02-12 18:00 (KST)");
        Assert.Equal(new DateTimeOffset(2027, 2, 12, 9, 0, 0, TimeSpan.Zero), (await FindAsync(NewSlug))!.EndsAt.ToUniversalTime());

        foreach (var (p, lang) in new[] { (page, "ko"), (english, "en") })
        {
            await NarrowToPhoneAsync(p); // fails unless the page fits
            await p.GetByTestId("admin-form").ScrollIntoViewIfNeededAsync();
            await p.ScreenshotAsync(new() { Path = Artifact($"consult-admin-form-{lang}-360.png") });
        }
    }

    private async Task<PublicConsultation?> FindAsync(string slug)
    {
        await using var db = Server.App.Database.CreateContext();
        return await db.Set<PublicConsultation>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug);
    }
}
