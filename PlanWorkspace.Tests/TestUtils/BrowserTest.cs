using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// An end-to-end test's setting: the app on Kestrel over loopback, headless Chromium, and the
/// steps every such test takes — sign in through the form in a culture, open a page once the
/// circuit is interactive, wait for the editor, read its text.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected LiveServer Server { get; private set; } = default!;
    protected IBrowser Chromium { get; private set; } = default!;
    private IPlaywright _playwright = default!;

    /// <summary>Configuration overrides for this test's app (see <see cref="LiveServer.Start"/>).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Services added to this test's app (e.g. a commit participant that holds a commit).</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services => null;

    public async Task InitializeAsync()
    {
        Server = LiveServer.Start(Settings, services: Services);
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context signed in as <paramref name="email"/>, with the UI in <paramref name="culture"/>;
    /// through <paramref name="via"/> (e.g. a <see cref="TcpCutProxy"/>) instead of the server's own address if given.
    /// </summary>
    protected Task<IPage> SignInAsync(string email, string culture = "ko-KR", int width = 1500, int height = 1100, Uri? via = null) =>
        SignInAsync(Chromium, via ?? Server.BaseAddress, email, culture, width, height);

    /// <summary>Signs in on <paramref name="browser"/> at <paramref name="baseAddress"/>; shared by tests that share one browser.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, Uri baseAddress, string email, string culture = "ko-KR", int width = 1500, int height = 1100)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2Faccount%2Flogin");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Plan!2025");
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Navigates and waits until the page's circuit is interactive.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Waits until the section editor has joined (editable or read-only).</summary>
    public static async Task WaitForEditorAsync(IPage page)
    {
        await page.WaitForSelectorAsync("[data-testid=editor] .cm-content");
        await Assertions.Expect(page.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", new Regex("^(saved|readonly|suggestingMode)$"));
    }

    /// <summary>Signs in and opens a section with its editor ready.</summary>
    protected async Task<IPage> OpenSectionAsync(string email, int sectionId, string culture = "ko-KR")
    {
        var page = await SignInAsync(email, culture);
        await OpenAsync(page, $"/sections/{sectionId}");
        await WaitForEditorAsync(page);
        return page;
    }

    /// <summary>
    /// Narrows the window to a phone's width and waits until the layout has settled there: the menu
    /// drawer slides away (a transition), then nothing may be wider than the window.
    /// </summary>
    public static async Task NarrowToPhoneAsync(IPage page, int width = 360, int height = 900)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.WaitForFunctionAsync(
            "() => document.querySelector('.mud-main-content').getBoundingClientRect().left < 1 && document.documentElement.scrollWidth <= innerWidth",
            null, new() { Timeout = 10_000 });
    }

    protected static Task<string> EditorTextAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.querySelector('[data-testid=editor-host]').pwEditor.text");

    /// <summary>
    /// Waits until the editor shows <paramref name="expected"/>: an accepted suggestion's card goes
    /// with the section feed, its text arrives with the editor's own broadcast, a moment apart.
    /// </summary>
    protected static async Task<string> WaitForEditorTextAsync(IPage page, string expected)
    {
        await page.WaitForFunctionAsync(
            "expected => document.querySelector('[data-testid=editor-host]').pwEditor.text.includes(expected)",
            expected, new() { Timeout = 10_000 });
        return await EditorTextAsync(page);
    }

    public static string Artifact(string name) => Path.Combine(RepositoryPaths.Artifacts, name);
}
