using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// Issue 11, item 7, in Chromium: a writer's generic-attribute overlay
/// (<c>{style="position:fixed;…"}</c>) stays text in the live preview and on /plan, nothing there is
/// positioned over the page, and a remote image is not loaded — in Korean and English, wide and narrow.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MarkdownRedressTests : BrowserTest
{
    private const string Payload = """

        ## 덮개 시험 {style="position:fixed;top:0;left:0;width:100%;height:100%;background:red;z-index:9999" .mud-overlay}

        [가림막](https://example.com){style="position:fixed;inset:0;z-index:9999;background:red"}

        | 구분 | 예산 |
        |:---:|---:|
        | 가 | 1조 원 |

        ![외부 그림](http://127.0.0.1:9/x.png)

        """;

    // Anything user-rendered that is positioned out of the flow, or any image that was loaded from elsewhere.
    private const string Probe = """
        selector => [...document.querySelectorAll(selector + ' *')]
            .filter(e => ['fixed', 'absolute', 'sticky'].includes(getComputedStyle(e).position)
                || e.hasAttribute('style') || (e.tagName === 'IMG' && !e.src.startsWith('data:')))
            .map(e => e.outerHTML.slice(0, 120))
        """;

    [EndToEndFact]
    public async Task AFixedOverlayTypedIntoASectionCoversNothingInThePreviewOrThePlan()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await Server.ActorAsync("chair.industry-ax@plan.local");
        await PlanTestData.AppendAsync(Server.App.Services, sectionId, Payload, chair.PersonId);

        foreach (var (culture, width) in new[] { ("ko-KR", 1440), ("en-US", 1440), ("ko-KR", 360), ("en-US", 360) })
        {
            var page = await SignInAsync("chair.industry-ax@plan.local", culture, width, 900);
            await OpenAsync(page, $"/sections/{sectionId}");
            var preview = page.GetByTestId("section-body");
            await Assertions.Expect(preview).ToContainTextAsync("position:fixed");
            Assert.Empty(await page.EvaluateAsync<string[]>(Probe, "[data-testid=section-body]"));
            await Assertions.Expect(preview.Locator("td.plan-align-right")).ToHaveTextAsync("1조 원");
            await preview.Locator("h2", new() { HasText = "덮개 시험" }).ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Artifact($"redress-preview-{culture}-{width}.png") });

            await OpenAsync(page, "/plan");
            var plan = page.Locator("article.plan-document");
            await Assertions.Expect(plan).ToContainTextAsync("position:fixed");
            Assert.Empty(await page.EvaluateAsync<string[]>(Probe, ".plan-section"));
            await page.Context.CloseAsync();
        }
    }
}
