using Bunit;
using PlanWorkspace.App.Components.Pages.Plan;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>The targets and initiatives grids offer an edit column only to someone who may edit a row.</summary>
public sealed class PlanDataGridTests : BunitTestBase
{
    private static List<string> Headers<T>(IRenderedComponent<T> grid, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        grid.FindAll($"[data-testid={testId}] thead th").Select(th => th.TextContent.Trim()).ToList();

    [Fact]
    public async Task AnAdvisorSeesNoEditColumnInTheTargetsOrInitiativesGrid()
    {
        await SignInAsync("advisor@plan.test", Role.Advisor, "industry-ax");

        var targets = Render<Targets>();
        targets.WaitForAssertion(() => Assert.NotEmpty(targets.FindAll("[data-testid=targets-grid] tbody tr td")));
        Assert.Contains("상태", Headers(targets, "targets-grid"));
        Assert.DoesNotContain("수정", Headers(targets, "targets-grid"));

        var initiatives = Render<Initiatives>();
        initiatives.WaitForAssertion(() => Assert.NotEmpty(initiatives.FindAll("[data-testid=initiatives-grid] tbody tr td")));
        Assert.DoesNotContain("수정", Headers(initiatives, "initiatives-grid"));
    }

    [Fact]
    public async Task AChairSeesTheEditColumnWithButtonsOnlyOnTheirBodysRows()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");

        var targets = Render<Targets>();
        targets.WaitForAssertion(() => Assert.Contains("수정", Headers(targets, "targets-grid")));
        var rows = targets.FindAll("[data-testid=targets-grid] tbody tr").Where(r => r.QuerySelectorAll("td").Length > 1).ToList();
        Assert.True(rows.Count > 1, "the seeded plan has targets of several bodies");
        var editable = rows.Where(r => r.QuerySelector("button[aria-label=수정]") is not null).ToList();
        Assert.NotEmpty(editable);
        Assert.True(editable.Count < rows.Count, "only the chair's own body's rows offer editing");
    }
}
