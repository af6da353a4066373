using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>A network drop between browser and server, made by cutting a relay the test controls.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ReconnectTests : BrowserTest
{
    private static readonly TimeSpan Drop = TimeSpan.FromSeconds(10);

    [EndToEndFact]
    public async Task EverythingTypedDuringATenSecondDropReachesTheOpLogExactlyOnce()
    {
        await using var proxy = new TcpCutProxy(Server.BaseAddress);
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var page = await SignInAsync("chair.industry-ax@plan.local", via: proxy.BaseAddress);
        await OpenAsync(page, $"/sections/{sectionId}");
        await WaitForEditorAsync(page);
        await page.Locator("[data-testid=editor] .cm-line").First.ClickAsync();
        await page.Keyboard.PressAsync("End");

        proxy.Cut();
        var cutAt = DateTime.UtcNow;
        var banner = page.GetByTestId("reconnect-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToContainTextAsync("계속 입력하셔도 됩니다");
        await Assertions.Expect(page.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "offline");

        // Type through the drop: ASCII keys and Hangul text, with pauses, as a person would.
        const string typed = " 끊긴 동안 입력 ok-42";
        await page.Keyboard.TypeAsync(typed, new() { Delay = 60 });
        Assert.Contains(typed, await EditorTextAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('[data-testid=editor] .cm-content')"),
            "the editor keeps the focus while the banner shows");
        Assert.Equal(0, await page.Locator("[inert], dialog[open]").CountAsync());
        Assert.Equal("status", await banner.GetAttributeAsync("role"));
        Assert.Equal("rgb(30, 33, 36)", await banner.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")); // white text on dark
        await page.ScreenshotAsync(new() { Path = Artifact("reconnect-banner-ko.png") });

        var rest = Drop - (DateTime.UtcNow - cutAt);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        proxy.Restore();

        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 30_000 });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await page.EvaluateAsync<int>("() => document.querySelector('[data-testid=editor-host]').pwEditor.unconfirmed") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var (logText, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal(await EditorTextAsync(page), logText);
        Assert.Single(Regex.Matches(logText, Regex.Escape(typed)));

        // The circuit is back too: the page still answers clicks (the history link navigates).
        await page.GetByTestId("open-history").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/sections/{sectionId}/history$"));
    }
}
