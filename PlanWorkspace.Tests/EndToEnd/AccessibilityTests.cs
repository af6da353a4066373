using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// axe-core (the engine behind most WCAG audits) on every page, as each kind of reader sees it:
/// no serious or critical violation of WCAG 2.2 AA, nor any of the moderate ones once fixed here
/// (landmarks, heading order, table headers), so they stay fixed.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PageTourCollection.Name)]
public sealed class AccessibilityTests(PageTour tour)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    };

    private static readonly HashSet<string> FixedModerateRules =
        ["landmark-one-main", "region", "landmark-unique", "heading-order", "empty-table-header", "page-has-heading-one"];

    [EndToEndFact]
    public Task EveryPageIsFreeOfSeriousViolationsForTheViceChair() => AuditAsync("vicechair@plan.local");

    [EndToEndFact]
    public Task EveryPageIsFreeOfSeriousViolationsForAChair() => AuditAsync("chair.industry-ax@plan.local");

    [EndToEndFact]
    public Task EveryPageIsFreeOfSeriousViolationsForAnAdvisor() => AuditAsync("advisor1@plan.local");

    // The same audit in English at desktop width and in Korean on a phone: other words wrap and
    // truncate differently, and the narrow layout (overflow menu, stacked panels) is other markup.
    [EndToEndTheory]
    [MemberData(nameof(PageTour.Roles), MemberType = typeof(PageTour))]
    public Task EveryPageIsFreeOfSeriousViolationsInEnglish(string email) => AuditAsync(email, "en-US", 1440);

    [EndToEndTheory]
    [MemberData(nameof(PageTour.Roles), MemberType = typeof(PageTour))]
    public Task EveryPageIsFreeOfSeriousViolationsAt360Pixels(string email) => AuditAsync(email, "ko-KR", 360);

    [EndToEndFact]
    public async Task TheSignInPageIsFreeOfSeriousViolationsInBothLanguages()
    {
        var found = new List<string>();
        foreach (var culture in new[] { "ko-KR", "en-US" })
        {
            var page = await tour.SignInPageAsync(culture);
            found.AddRange(await SeriousAsync(page, $"sign-in [{culture}]"));
            await page.Context.CloseAsync();
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task AuditAsync(string email, string culture = "ko-KR", int width = 1440)
    {
        var page = await tour.SignInAsync(email, culture, width, width < 600 ? 800 : 900);
        var found = new List<string>();
        foreach (var (name, path) in tour.PagesFor(email))
        {
            await PageTour.VisitAsync(page, path);
            found.AddRange(await SeriousAsync(page, $"{name} [{culture}, {width}px]"));
            // axe wants at least one h1; a screen reader's outline wants exactly one (/plan had its toolbar's and the cover's).
            var h1 = await page.Locator("h1").CountAsync();
            if (h1 != 1)
            {
                found.Add($"{name} [{culture}, {width}px]: {h1} h1 headings");
            }
        }
        await page.Context.CloseAsync();
        Assert.True(found.Count == 0, $"{email}:\n{string.Join("\n", found)}");
    }

    private static async Task<IEnumerable<string>> SeriousAsync(IPage page, string name)
    {
        var result = await page.RunAxe(WcagAa);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical" || FixedModerateRules.Contains(v.Id))
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} — " +
                string.Join(" | ", v.Nodes.Take(4).Select(n => $"{n.Target} {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")));
    }
}
