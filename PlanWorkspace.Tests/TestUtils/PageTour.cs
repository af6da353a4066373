using Microsoft.Playwright;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// One app and one Chromium shared by the tests that walk every page (layout, accessibility,
/// menus): booting either costs seconds, and these tests only read. Each test still gets its own
/// browser context, signed in through the real form.
/// </summary>
public sealed class PageTour : IAsyncLifetime
{
    private IPlaywright _playwright = default!;

    public LiveServer Server { get; private set; } = default!;
    public IBrowser Chromium { get; private set; } = default!;
    public int SectionId { get; private set; }

    /// <summary>The demo accounts for the three kinds of reader: the vice-chair, a chair, an advisor.</summary>
    public static TheoryData<string> Roles => ["vicechair@plan.local", "chair.industry-ax@plan.local", "advisor1@plan.local"];

    /// <summary>Every page of the app, by a short name for reports and screenshots.</summary>
    public IReadOnlyList<(string Name, string Path)> Pages =>
    [
        ("dashboard", "/"),
        ("section", $"/sections/{SectionId}"),
        ("history", $"/sections/{SectionId}/history"),
        ("plan", "/plan"),
        ("plan-versions", "/plan/versions"),
        ("review", "/review"),
        ("review-queue", "/review-queue"),
        ("targets", "/targets"),
        ("initiatives", "/initiatives"),
    ];

    public async Task InitializeAsync()
    {
        Server = LiveServer.Start();
        (_playwright, Chromium) = await Browser.LaunchAsync();
        SectionId = await Server.SectionIdAsync("industry-ax");
    }

    public Task<IPage> SignInAsync(string email, string culture = "ko-KR", int width = 1440, int height = 900) =>
        BrowserTest.SignInAsync(Chromium, Server.BaseAddress, email, culture, width, height);

    /// <summary>The sign-in page for nobody in particular, in <paramref name="culture"/>.</summary>
    public async Task<IPage> SignInPageAsync(string culture = "ko-KR", int width = 1440, int height = 900)
    {
        var context = await Chromium.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2Faccount%2Flogin");
        await page.WaitForSelectorAsync("#sign-in");
        return page;
    }

    /// <summary>Opens a page and waits until it is interactive and, on the section page, the editor has joined.</summary>
    public static async Task VisitAsync(IPage page, string path)
    {
        await BrowserTest.OpenAsync(page, path);
        if (path.StartsWith("/sections/", StringComparison.Ordinal) && !path.EndsWith("/history", StringComparison.Ordinal))
        {
            await BrowserTest.WaitForEditorAsync(page);
        }
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 10_000 });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PageTourCollection : ICollectionFixture<PageTour>
{
    public const string Name = "Page tour";
}
