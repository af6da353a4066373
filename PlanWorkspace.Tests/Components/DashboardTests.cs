using Bunit;
using PlanWorkspace.App.Components.Pages;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

public sealed class DashboardTests : BunitTestBase
{
    [Fact]
    public async Task ShowsEveryBodyWithItsSectionStatusAndCounts()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal(9, cut.FindAll("[data-testid=body-card]").Count));
        var industry = cut.Find("[data-body=industry-ax]");
        Assert.Contains("산업AX·생태계 분과", industry.TextContent);
        Assert.Contains("작성 중", industry.TextContent);
        Assert.Contains("3", industry.QuerySelector("[data-testid=initiative-count]")!.TextContent);
        Assert.Contains("1", industry.QuerySelector("[data-testid=target-count]")!.TextContent);
        Assert.Equal("9", cut.Find("[data-testid=status-totals]").QuerySelector("h5")!.TextContent.Trim());
    }

    [Fact]
    public async Task AdvisorSeesOnlyTheSectionsOfTheBodyTheyAdvise()
    {
        await SignInAsync("advisor@plan.test", Role.Advisor, "security-tf");

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal(9, cut.FindAll("[data-testid=body-card]").Count));
        Assert.Single(cut.FindAll("[data-body=security-tf] a"));
        Assert.Empty(cut.FindAll("[data-body=industry-ax] a"));
    }
}
