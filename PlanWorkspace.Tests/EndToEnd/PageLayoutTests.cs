using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>Every page fits a phone (360 px) and a desktop (1440 px) window, in Korean and English.</summary>
[Trait("Category", "EndToEnd")]
[Collection(PageTourCollection.Name)]
public sealed class PageLayoutTests(PageTour tour)
{
    [EndToEndFact]
    public Task NoPageIsWiderThanAPhoneWindow() => EveryPageFitsAsync(360, 780);

    [EndToEndFact]
    public Task NoPageIsWiderThanADesktopWindow() => EveryPageFitsAsync(1440, 900);

    private async Task EveryPageFitsAsync(int width, int height)
    {
        var tooWide = new List<string>();
        foreach (var culture in new[] { "ko-KR", "en-US" })
        {
            var lang = culture[..2];
            var signIn = await tour.SignInPageAsync(culture, width, height);
            await CheckAsync(signIn, "sign-in", lang, width, tooWide);
            await signIn.Context.CloseAsync();

            var page = await tour.SignInAsync("vicechair@plan.local", culture, width, height);
            foreach (var (name, path) in tour.PagesFor("vicechair@plan.local"))
            {
                await PageTour.VisitAsync(page, path);
                await CheckAsync(page, name, lang, width, tooWide);
            }
            if (width < 600)
            {
                // On a phone the plan's contents table keeps every visible column readable: a column
                // squeezed to a word's width (the authors did) fails, whatever the page width says.
                await PageTour.VisitAsync(page, "/plan");
                var narrow = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('.plan-toc tr[data-toc-section] > td')]
                      .filter(td => td.getClientRects().length > 0 && td.getBoundingClientRect().width < 72)
                      .slice(0, 4).map(td => `${td.cellIndex}: ${Math.round(td.getBoundingClientRect().width)} px "${td.innerText.slice(0, 20)}"`)
                    """);
                if (narrow.Length > 0)
                {
                    tooWide.Add($"plan contents [{lang}, {width} px]: columns too narrow to read: {string.Join("; ", narrow)}");
                }
                await page.Locator(".plan-toc").ScreenshotAsync(new() { Path = BrowserTest.Artifact($"plan-contents-{lang}-{width}.png") });
                var authorsShown = await page.Locator(".plan-toc tr[data-toc-section]").First.InnerTextAsync();
                if (!authorsShown.Contains(lang == "ko" ? "작성" : "Author", StringComparison.Ordinal))
                {
                    tooWide.Add($"plan contents [{lang}, {width} px]: the authors are not shown on a phone: \"{authorsShown}\"");
                }
            }
            if (width >= 1440)
            {
                // On a desktop the section preview's tables show every column without scrolling.
                await PageTour.VisitAsync(page, $"/sections/{tour.SectionId}");
                var cut = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('[data-testid=section-body] table')].filter(t => t.scrollWidth > t.clientWidth + 1).length");
                if (cut > 0)
                {
                    tooWide.Add($"section [{lang}, {width} px]: {cut} preview table(s) cut");
                }
            }
            await page.Context.CloseAsync();
        }
        Assert.True(tooWide.Count == 0, string.Join("\n", tooWide));
    }

    private static async Task CheckAsync(IPage page, string name, string lang, int width, List<string> tooWide)
    {
        var measured = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const inner = window.innerWidth;
              // Name the outermost elements that stick out, to say what to fix.
              const out = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > inner + 1 && !e.parentElement.closest('[data-overflow-checked]'))
                .slice(0, 4).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
              return { scrollWidth: document.documentElement.scrollWidth, inner, widest: out.join(', ') };
            }
            """);
        var (scrollWidth, innerWidth) = (measured.GetProperty("scrollWidth").GetInt32(), measured.GetProperty("inner").GetInt32());
        if (scrollWidth > innerWidth)
        {
            var widest = measured.GetProperty("widest").GetString();
            tooWide.Add($"{name} [{lang}, {width} px] is {scrollWidth} px wide: {widest}");
        }
        // The browser's own file button speaks the browser's language, not the page's ("Choose File"
        // in the Korean inbox): every file input sits invisible under a label of ours.
        if (await page.Locator("input[type=file]").EvaluateAllAsync<int>("inputs => inputs.filter(i => getComputedStyle(i).opacity !== '0').length") > 0)
        {
            tooWide.Add($"{name} [{lang}, {width} px]: a native file button shows the browser's words");
        }
        await page.ScreenshotAsync(new() { Path = BrowserTest.Artifact($"page-{name}-{lang}-{width}.png"), FullPage = true });
        if (width < 600)
        {
            // The app's own tables (not the plan's Markdown, which wraps by design) keep a short
            // column header on one line: a phone squeezed "절 수" and "만든 사람" to a word per line.
            var broken = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('table th')]
                  .filter(th => !th.closest('.markdown-body, .plan-document') && th.getClientRects().length > 0)
                  .filter(th => { const t = th.innerText.trim(); if (!t || t.length > 8) return false;
                                  const r = document.createRange(); r.selectNodeContents(th);
                                  const tops = [...r.getClientRects()].filter(c => c.width > 0).map(c => c.top);
                                  return Math.max(...tops) - Math.min(...tops) > parseFloat(getComputedStyle(th).fontSize) * 0.8; })
                  .slice(0, 4).map(th => `"${th.innerText.trim()}"`)
                """);
            if (broken.Length > 0)
            {
                tooWide.Add($"{name} [{lang}, {width} px]: column headers broken over lines: {string.Join(", ", broken)}");
            }
            await page.ScreenshotAsync(new() { Path = BrowserTest.Artifact($"page-{name}-{lang}-{width}-top.png") });
        }
    }
}
