using Microsoft.Playwright;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Debian's Chromium driven by Playwright, offline (never <c>playwright install</c>).
/// Locally, without Chromium and outside CI, end-to-end tests are reported as skipped with
/// the reason; in CI (<c>CI</c> set) a missing browser fails them.
/// </summary>
public static class Browser
{
    public static string? ExecutablePath { get; } = Find();

    public static bool MustRun => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (ExecutablePath is null)
        {
            throw new InvalidOperationException("Chromium is not installed: apt-get install -y chromium fonts-nanum");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    private static string? Find()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
