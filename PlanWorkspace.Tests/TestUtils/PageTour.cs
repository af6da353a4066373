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

    /// <summary>
    /// Every page <paramref name="email"/> may open, by a short name for reports and screenshots:
    /// the consultations page is the vice-chair's (and secretariat's); the opinions inbox is open to
    /// anyone with a body, showing its opinions; the public consultation page to everyone.
    /// </summary>
    public IReadOnlyList<(string Name, string Path)> PagesFor(string email) =>
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
        ("notifications", "/notifications"),
        .. (email.StartsWith("vicechair@", StringComparison.Ordinal)
            ? new[] { ("consultations", "/consultations"), ("consult-institutions", $"/consult/{ConsultationClient.Slug}/institutions") }
            : []),
        ("consult-public", $"/consult/{ConsultationClient.Slug}"),
        ("consult-opinions", $"/consult/{ConsultationClient.Slug}/opinions"),
    ];

    public async Task InitializeAsync()
    {
        Server = LiveServer.Start();
        (_playwright, Chromium) = await Browser.LaunchAsync();
        SectionId = await Server.SectionIdAsync("industry-ax");
        await SeedReaderContentAsync();
    }

    /// <summary>
    /// Something on the pages that would otherwise be empty, so the audits see their real markup:
    /// a thread mentioning the advisor and the vice-chair with the advisor's reply (a notification
    /// for each of the three readers), and one public opinion in the inbox.
    /// </summary>
    private async Task SeedReaderContentAsync()
    {
        var review = Server.Service<PlanWorkspace.App.Review.ReviewService>();
        var session = await Server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(SectionId);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal);
        var thread = await review.StartThreadAsync(await Server.ActorAsync("chair.industry-ax@plan.local"), SectionId,
            new PlanWorkspace.App.Review.SelectionAt(version, start, start + 5, "비전 아래"), "@임도윤 @한지원 님 이 문장 검토 부탁드립니다");
        Assert.True(thread.Succeeded, thread.Refusal?.Code);
        var reply = await review.ReplyAsync(await Server.ActorAsync("advisor1@plan.local"), thread.Value, "검토했습니다. 어순을 바꾸면 좋겠습니다.");
        Assert.True(reply.Succeeded, reply.Refusal?.Code);

        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = Server.BaseAddress,
            Timeout = LiveServer.Timeout,
        };
        using var response = await ConsultationClient.SubmitAsync(client);
        Assert.True((int)response.StatusCode < 400, $"opinion refused: {response.StatusCode}");
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
        if (path.StartsWith("/consult/", StringComparison.Ordinal) && !path.EndsWith("/opinions", StringComparison.Ordinal))
        {
            // The public consultation pages are plain HTML from the server, not Blazor.
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 10_000 });
            return;
        }
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
