using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class AssembledPlanTests : IAsyncLifetime
{
    private readonly PlanAppFactory _app = new();
    private Uri _baseAddress = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        _baseAddress = _app.StartKestrel();
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _baseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Plan!2025");
        await page.ClickAsync("#sign-in");
        await WaitInteractiveAsync(page);
        return page;
    }

    private static string Artifact(string name) => Path.Combine(RepositoryPaths.Artifacts, name);

    [EndToEndFact]
    public async Task ViceChairReadsTheNumberedLivePlanAndDownloadsDocxAndHwpx()
    {
        var page = await SignedInPageAsync("vicechair@plan.local");
        await page.GotoAsync("/plan");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("plan-live")).ToBeVisibleAsync();

        // Numbering: body 1., section 가., headings 1) and 가); the contents list status per section.
        var toc = page.GetByTestId("plan-toc");
        await Assertions.Expect(toc).ToContainTextAsync("2. 산업AX·생태계 분과");
        await Assertions.Expect(toc.Locator("tr[data-toc-section]")).ToHaveCountAsync(9);
        await Assertions.Expect(toc).ToContainTextAsync("가. 산업AX·생태계 분야 추진계획");
        await Assertions.Expect(toc).ToContainTextAsync("작성 중");
        var industry = page.Locator("section.plan-body[data-body=industry-ax]");
        await Assertions.Expect(industry.Locator("h2")).ToHaveTextAsync("2. 산업AX·생태계 분과");
        await Assertions.Expect(industry.Locator("h3")).ToHaveTextAsync("가. 산업AX·생태계 분야 추진계획");
        await Assertions.Expect(industry.Locator("h4").First).ToHaveTextAsync("1) 추진 배경");
        await Assertions.Expect(industry.Locator("h5").First).ToHaveTextAsync("가) 제조 데이터 기반 산업 파운데이션 모델 개발");
        await Assertions.Expect(industry.Locator(".target-card")).ToContainTextAsync("글로벌 제조 경쟁력 1위 (2030)");
        await Assertions.Expect(industry.Locator(".initiatives-table")).ToContainTextAsync("제조 AI 풀스택 수출");
        await Assertions.Expect(page.GetByTestId("plan-annex")).ToContainTextAsync("선제 보안 점검 기관 수");

        // A chair's edit appears without a reload, numbered, and the chair becomes an author.
        await page.EvaluateAsync("window.__sameDocument = true");
        int sectionId, chairId;
        await using (var db = _app.Database.CreateContext())
        {
            var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
            sectionId = await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).SingleAsync();
            chairId = (await db.People.SingleAsync(p => p.Email == "chair.industry-ax@plan.local")).Id;
        }
        await PlanTestData.AppendAsync(_app.Services, sectionId, "\n## 실시간 추가\n\n분과위원장이 방금 쓴 문장이다.\n", chairId);
        await Assertions.Expect(industry.Locator("h4").Last).ToHaveTextAsync("4) 실시간 추가", new() { Timeout = 15_000 });
        await Assertions.Expect(industry).ToContainTextAsync("분과위원장이 방금 쓴 문장이다.");
        await Assertions.Expect(toc.Locator($"tr[data-toc-section='{sectionId}']")).ToContainTextAsync("이서연");

        // A target measured through the targets page's service shows in its card and the annex,
        // still without a reload (the feed's PlanDataChanged; nothing polls the database).
        await using (var scope = _app.Services.CreateAsyncScope())
        await using (var db = _app.Database.CreateContext())
        {
            var viceChair = PlanWorkspace.Domain.Access.Actor.From(await db.People.SingleAsync(p => p.Email == "vicechair@plan.local"));
            var input = PlanWorkspace.App.PlanData.TargetInput.From(await db.Targets.AsNoTracking().SingleAsync(t => t.Key == "manufacturing-2030"));
            (input.LatestValue, input.LatestDate) = (2m, new DateTime(2026, 6, 30));
            var saved = await scope.ServiceProvider.GetRequiredService<PlanWorkspace.App.PlanData.PlanDataService>().SaveTargetAsync(viceChair, input);
            Assert.True(saved.Succeeded, saved.Refusal?.Code);
        }
        await Assertions.Expect(industry.Locator(".target-card")).ToContainTextAsync("2위", new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was not reloaded");
        // The card updates in the refresh that re-renders the body's markup; let that render settle
        // before photographing one element of it.
        await page.WaitForTimeoutAsync(700);
        await page.ScreenshotAsync(new() { Path = Artifact("plan-ko.png") });
        await page.ScreenshotAsync(new() { Path = Artifact("plan-full-ko.png"), FullPage = true });
        await industry.ScreenshotAsync(new() { Path = Artifact("plan-section-ko.png"), Style = ".mud-appbar { display: none; }" });

        // Downloads through the UI, with a progress indicator while the file is made.
        await page.EvaluateAsync("""
            window.__sawProgress = false;
            new MutationObserver(() => { if (document.querySelector('[data-testid=export-progress]')) window.__sawProgress = true; })
                .observe(document.body, { childList: true, subtree: true });
            """);
        var docx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-docx").ClickAsync());
        Assert.EndsWith(".docx", docx.SuggestedFilename);
        await docx.SaveAsAsync(Artifact("plan.docx"));
        Assert.True(await page.EvaluateAsync<bool>("window.__sawProgress"), "a progress indicator was shown");
        using (var word = WordprocessingDocument.Open(Artifact("plan.docx"), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("분과위원장이 방금 쓴 문장이다.", text);
            Assert.Contains("가. 산업AX·생태계 분야 추진계획", text);
        }

        var hwpx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-hwpx").ClickAsync());
        Assert.EndsWith(".hwpx", hwpx.SuggestedFilename);
        await hwpx.SaveAsAsync(Artifact("plan.hwpx"));
        using (var zip = ZipFile.OpenRead(Artifact("plan.hwpx")))
        {
            Assert.Equal("mimetype", zip.Entries[0].FullName);
            using var reader = new StreamReader(zip.GetEntry("Contents/section0.xml")!.Open(), Encoding.UTF8);
            Assert.Contains("분과위원장이 방금 쓴 문장이다.", await reader.ReadToEndAsync());
        }

        // The print view: no app bar or drawer, the document only.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("export-docx")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Artifact("plan-print-ko.png") });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The same page in English.
        await page.GetByTestId("culture-en").ClickAsync();
        await page.WaitForURLAsync("**/plan");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("plan-toc")).ToContainTextAsync("2. Industrial AX & Ecosystem");
        await Assertions.Expect(page.GetByTestId("plan-toc")).ToContainTextAsync("Contents");
        await Assertions.Expect(page.Locator("section.plan-body[data-body=industry-ax] .target-card")).ToContainTextAsync("Baseline");
        await page.ScreenshotAsync(new() { Path = Artifact("plan-en.png") });
        await page.Locator("section.plan-body[data-body=industry-ax]").ScreenshotAsync(new() { Path = Artifact("plan-section-en.png"), Style = ".mud-appbar { display: none; }" });
    }
}
