using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The consultation in Chromium: the public quotes a passage and submits an opinion without an
/// account; the vice-chair imports an mbox of Korean mail through the inbox, finds the opinion and
/// classifies it. Script typed into every field never runs. Screenshots in Korean and English, wide and narrow.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsultationTests : BrowserTest
{
    /// <summary>After a resize to a phone's width: the page starts at the left edge and is no wider than the window.</summary>
    private const string Slug = ConsultationClient.Slug;
    private const string Script = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script>";

    private async Task<IPage> PublicPageAsync(string culture, int width)
    {
        var context = await Chromium.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        page.Dialog += (_, dialog) => throw new InvalidOperationException("A dialog opened: " + dialog.Message);
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2Fconsult%2F{Slug}");
        return page;
    }

    [EndToEndFact]
    public async Task ThePublicQuotesAPassageAndSubmitsAnOpinionThatTheViceChairClassifiesAfterImportingMail()
    {
        // The public: select a passage, follow the offered link, fill the form, get a receipt number.
        var visitor = await PublicPageAsync("ko-KR", 1440);
        await Assertions.Expect(visitor.Locator("h1")).ToContainTextAsync("의견 수렴");
        await visitor.ScreenshotAsync(new() { Path = Artifact("consult-public-ko-1440.png") });
        var paragraph = visitor.Locator(".plan-section p[id]").First;
        var anchor = await paragraph.GetAttributeAsync("id");
        await paragraph.ClickAsync(new() { ClickCount = 3 });
        await visitor.Locator(".consult-quote-button").ClickAsync();
        await Assertions.Expect(visitor.Locator("input[name=anchor]")).ToHaveValueAsync(anchor!);
        Assert.False(string.IsNullOrWhiteSpace(await visitor.Locator("#quote").InputValueAsync()));
        await visitor.FillAsync("#name", "김시민" + Script);
        await visitor.FillAsync("#institution", Script);
        await visitor.SelectOptionAsync("#category", nameof(InstitutionCategory.CivilSociety));
        await visitor.FillAsync("#email", "citizen@example.kr");
        await visitor.FillAsync("#text", "인용한 부분의 목표 연도를 앞당겨 주십시오. " + Script);
        await visitor.ScreenshotAsync(new() { Path = Artifact("consult-form-ko-1440.png"), FullPage = true });
        await visitor.ClickAsync("button[type=submit]");
        var receipt = await visitor.Locator("#receipt-number").InnerTextAsync();
        Assert.Matches(@"^\d{4}-\d{4}$", receipt);
        Assert.Null(await visitor.EvaluateAsync<int?>("() => window.__xss"));

        foreach (var (culture, width) in new[] { ("ko-KR", 360), ("en-US", 1440), ("en-US", 360) })
        {
            var page = await PublicPageAsync(culture, width);
            await page.ScreenshotAsync(new() { Path = Artifact($"consult-public-{culture[..2]}-{width}.png") });
        }

        // The vice-chair: import Korean mail through the inbox, find the web opinion, classify it.
        var staff = await SignInAsync("vicechair@plan.local");
        staff.Dialog += (_, dialog) => throw new InvalidOperationException("A dialog opened: " + dialog.Message);
        await OpenAsync(staff, $"/consult/{Slug}/opinions");
        var mbox = Path.Combine(Path.GetTempPath(), $"consult-e2e-{Guid.NewGuid():N}.mbox");
        await File.WriteAllBytesAsync(mbox, KoreanMail.Mbox(
            KoreanMail.EucKrPlain($"{Guid.NewGuid():N}@kaist.ac.kr", "kim@kaist.ac.kr", "행동계획(안) 의견", "인재 양성 과제의 예산을 늘려 주십시오."),
            KoreanMail.UnknownCharset($"{Guid.NewGuid():N}@example.kr", "x@example.kr"),
            KoreanMail.HtmlOnly($"{Guid.NewGuid():N}@civil.or.kr", "choi@civil.or.kr", "윤리 기준을 강화해 주십시오.")));
        await staff.GetByTestId("mail-upload").SetInputFilesAsync(mbox);
        await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("메일 3건");
        File.Delete(mbox);
        await Assertions.Expect(staff.Locator("[data-testid=opinion-card]").Filter(new() { HasText = "인재 양성 과제의 예산" })).ToHaveCountAsync(1);

        await staff.GetByTestId("inbox-search").FillAsync("목표 연도를");
        var card = staff.Locator($"[data-testid=opinion-card][data-receipt='{receipt}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator("[data-testid=opinion-card]")).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("opinion-text")).ToContainTextAsync("<script>"); // shown as text
        await card.GetByTestId("classify-reason").FillAsync("2030년 목표를 2028년으로 조정하여 반영");
        await card.GetByTestId("classify").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("inbox-message")).ToContainTextAsync("분류했습니다");
        Assert.Null(await staff.EvaluateAsync<int?>("() => window.__xss"));
        await staff.GetByTestId("inbox-search").FillAsync(string.Empty);
        await Assertions.Expect(staff.Locator("[data-testid=opinion-card]").Nth(3)).ToBeVisibleAsync();
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-inbox-ko-1440.png") });
        await NarrowToPhoneAsync(staff);
        await staff.ScreenshotAsync(new() { Path = Artifact("consult-inbox-ko-360.png") });

        await using (var db = Server.App.Database.CreateContext())
        {
            var opinion = await db.Set<Opinion>().SingleAsync(o => o.ReceiptNumber == receipt);
            Assert.Equal((OpinionState.Classified, OpinionClassification.Reflected, anchor), (opinion.State, opinion.Classification, opinion.QuoteAnchor));
            Assert.Contains("<script>", opinion.Text);
        }

        var english = await SignInAsync("vicechair@plan.local", "en-US");
        await OpenAsync(english, $"/consult/{Slug}/opinions");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync(new Regex("Opinions received"));
        await Assertions.Expect(english.Locator("[data-testid=opinion-card]").Nth(3)).ToBeVisibleAsync();
        await english.ScreenshotAsync(new() { Path = Artifact("consult-inbox-en-1440.png") });
        await NarrowToPhoneAsync(english);
        await english.ScreenshotAsync(new() { Path = Artifact("consult-inbox-en-360.png") });
    }
}
