using System.Text.Json;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>The dashboard's charts as drawn by Chromium: the chips' colours, whole-number axes sized to the data, labels of at least 12 px.</summary>
[Trait("Category", "EndToEnd")]
[Collection(PageTourCollection.Name)]
public sealed class DashboardChartsTests(PageTour tour)
{
    [EndToEndFact]
    public async Task EachDonutSliceHasTheColourOfItsStatusChip()
    {
        var page = await tour.SignInAsync("vicechair@plan.local");
        await PageTour.VisitAsync(page, "/");

        foreach (var chart in new[] { "chart-targets", "chart-sections" })
        {
            // Slices are drawn for the statuses that have items, in the order of the list beside the donut.
            var found = await page.EvaluateAsync<JsonElement>("""
                chart => {
                  const rgb = c => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; };
                  const slices = [...document.querySelectorAll(`[data-testid=${chart}] path.mud-chart-serie`)].map(p => rgb(p.getAttribute('fill')));
                  const chips = [...document.querySelectorAll(`[data-testid=${chart}-values] li`)]
                    .filter(li => Number(li.querySelector('b').textContent) > 0)
                    .map(li => { const chip = li.querySelector('.mud-chip'); const s = getComputedStyle(chip);
                                 const filled = !chip.classList.contains('mud-chip-text') && !chip.classList.contains('mud-chip-color-default');
                                 return { status: li.dataset.status, colour: filled ? s.backgroundColor : getComputedStyle(chip.querySelector('svg')).color,
                                          neutral: chip.classList.contains('mud-chip-color-default') }; });
                  return { slices, chips };
                }
                """, chart);
            var slices = found.GetProperty("slices").EnumerateArray().Select(s => s.GetString()).ToList();
            var chips = found.GetProperty("chips").EnumerateArray().ToList();
            Assert.True(chips.Count >= 1, chart);
            Assert.Equal(chips.Count, slices.Count);
            for (var i = 0; i < chips.Count; i++)
            {
                if (chips[i].GetProperty("neutral").GetBoolean())
                {
                    Assert.Equal("rgb(95, 99, 104)", slices[i]); // the neutral grey of drafting / no data
                    continue;
                }
                Assert.True(chips[i].GetProperty("colour").GetString() == slices[i],
                    $"{chart}: {chips[i].GetProperty("status")} chip {chips[i].GetProperty("colour")} vs slice {slices[i]}");
            }
        }
        await page.Context.CloseAsync();
    }

    [EndToEndTheory]
    [InlineData(1440, "ko-KR")]
    [InlineData(360, "ko-KR")]
    [InlineData(360, "en-US")]
    public async Task TheReviewChartHasWholeNumberTicksUpToItsDataAndReadableLabels(int width, string culture)
    {
        var page = await tour.SignInAsync("vicechair@plan.local", culture, width, 900);
        await PageTour.VisitAsync(page, "/");
        // The bar chart measures its box after the first render, then draws its axes.
        await page.WaitForSelectorAsync("[data-testid=chart-review] svg text");

        var axis = await page.EvaluateAsync<JsonElement>("""
            () => {
              const svg = document.querySelector('[data-testid=chart-review] svg');
              const box = svg.viewBox.baseVal, scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
              const texts = [...svg.querySelectorAll('text')];
              return {
                ticks: texts.filter(t => !t.hasAttribute('transform')).map(t => t.textContent.trim()),
                smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
                max: Number(document.querySelector('[data-testid=chart-review]').dataset.axisMax),
              };
            }
            """);
        var ticks = axis.GetProperty("ticks").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.NotEmpty(ticks);
        Assert.All(ticks, t => Assert.True(int.TryParse(t, out _), $"tick '{t}' is not a whole number"));
        // The seeded plan has at most a handful of open items per body: the axis ends there, not at 20.
        Assert.Equal(axis.GetProperty("max").GetInt32(), ticks.Select(int.Parse).Max());
        Assert.True(ticks.Select(int.Parse).Max() < 20, string.Join(",", ticks));
        Assert.True(axis.GetProperty("smallest").GetDouble() >= 12, $"smallest chart label {axis.GetProperty("smallest")} px at {width} px");

        // The slanted body names under the bars keep a line's height apart (English ones ran into each
        // other at 360 px): neighbouring labels' glyph centres are at least 1.3 glyph heights apart.
        var overlapping = await page.EvaluateAsync<string[]>("""
            () => {
              const labels = [...document.querySelectorAll('[data-testid=chart-review] svg text[transform]')];
              const glyphs = labels.map(t => { const m = t.getScreenCTM(), scale = Math.hypot(m.a, m.b);
                return { name: t.textContent.trim(), at: [...Array(t.getNumberOfChars()).keys()].map(i => {
                  const e = t.getExtentOfChar(i); const p = new DOMPoint(e.x + e.width / 2, e.y + e.height / 2).matrixTransform(m);
                  return { x: p.x, y: p.y, h: e.height * scale }; }) }; });
              const found = [];
              for (let i = 1; i < glyphs.length; i++)
                for (const a of glyphs[i - 1].at) for (const b of glyphs[i].at)
                  if (Math.hypot(a.x - b.x, a.y - b.y) < 1.3 * Math.max(a.h, b.h)) { found.push(`${glyphs[i - 1].name} / ${glyphs[i].name}`); break; }
              return [...new Set(found)];
            }
            """);
        Assert.True(overlapping.Length == 0, $"chart labels run into each other at {width} px ({culture}): {string.Join(", ", overlapping)}");
        await page.Locator("[data-testid=progress-charts]").ScreenshotAsync(new() { Path = BrowserTest.Artifact($"dashboard-charts-{culture[..2]}-{width}.png") });
        await page.Context.CloseAsync();
    }
}
