using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class SignInAndCultureTests : IAsyncLifetime
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

    /// <summary>Clicks the language button and waits for the full reload it causes to become interactive.</summary>
    private static async Task SwitchCultureAsync(IPage page, string culture)
    {
        await WaitInteractiveAsync(page);
        await page.EvaluateAsync("window.__beforeSwitch = true");
        await page.GetByTestId($"culture-{culture}").ClickAsync();
        await page.WaitForFunctionAsync("() => !window.__beforeSwitch"); // a new document has loaded
        await WaitInteractiveAsync(page);
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _baseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Plan!2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });
        return page;
    }

    [EndToEndFact]
    public async Task ChairOpensTheGridsAndASectionInBothLanguages()
    {
        var page = await SignedInPageAsync("chair.industry-ax@plan.local");
        foreach (var culture in new[] { "ko", "en" })
        {
            await page.GotoAsync("/targets");
            await WaitInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("targets-grid")).ToContainTextAsync("글로벌 제조 경쟁력 1위 (2030)");
            await page.GetByTestId("add-target").ClickAsync();
            await page.GetByTestId("save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("target-dialog").Or(page.Locator(".mud-dialog")).First)
                .ToContainTextAsync(culture == "ko" ? "필수 항목입니다." : "Required.");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, $"target-form-{culture}.png") });
            await page.Keyboard.PressAsync("Escape");

            await page.GotoAsync("/initiatives");
            await Assertions.Expect(page.GetByTestId("initiatives-grid")).ToContainTextAsync("제조 AI 풀스택 수출");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, $"initiatives-{culture}.png") });

            await page.GotoAsync("/");
            await WaitInteractiveAsync(page);
            await page.Locator("[data-body=industry-ax] a").ClickAsync();
            await Assertions.Expect(page.GetByTestId("section-body")).ToContainTextAsync("제조 AI 풀스택 수출");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, $"section-{culture}.png"), FullPage = true });

            if (culture == "ko")
            {
                await SwitchCultureAsync(page, "en");
            }
        }
    }

    [EndToEndFact]
    public async Task ChairSignsInSeesKoreanDashboardAndSwitchesToEnglishAndBack()
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _baseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, "login-ko.png") });

        await page.FillAsync("#email", "chair.industry-ax@plan.local");
        await page.FillAsync("#password", "Plan!2025");
        await page.ClickAsync("#sign-in");
        await WaitInteractiveAsync(page);

        var industry = page.Locator("[data-body=industry-ax]");
        await Assertions.Expect(industry).ToContainTextAsync("산업AX·생태계 분과");
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("분과위원장");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, "dashboard-ko.png"), FullPage = true });

        await SwitchCultureAsync(page, "en");
        await Assertions.Expect(page.Locator("[data-body=industry-ax]")).ToContainTextAsync("Industrial AX & Ecosystem");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Korea AI Action Plan");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, "dashboard-en.png"), FullPage = true });

        // The choice persists across a fresh page load.
        await page.ReloadAsync();
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Korea AI Action Plan");

        await SwitchCultureAsync(page, "ko");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("대한민국 인공지능행동계획");
    }
}
