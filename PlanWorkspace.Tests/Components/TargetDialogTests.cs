using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using PlanWorkspace.App.Components.Pages.Plan;
using PlanWorkspace.App.Services;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

public sealed class TargetDialogTests : BunitTestBase
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, TargetInput Input)> OpenAsync()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");
        Body industry;
        await using (var db = Database.CreateContext())
        {
            industry = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        }
        var provider = Render<MudDialogProvider>();
        var input = new TargetInput { BodyId = industry.Id, BaselineYear = 2024, TargetYear = 2030 };
        var parameters = new DialogParameters<TargetDialog>
        {
            { d => d.Input, input },
            { d => d.Bodies, new List<Body> { industry } },
        };
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        await provider.InvokeAsync(() => dialogs!.ShowAsync<TargetDialog>("성과지표 추가", parameters));
        return (provider, input);
    }

    private static void Type(IRenderedComponent<MudDialogProvider> provider, string testId, string value) =>
        provider.Find($"input[data-testid={testId}]").Change(value);

    private async Task<int> TargetCountAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Targets.CountAsync();
    }

    [Fact]
    public async Task EmptyFormShowsRequiredMessagesAndSavesNothing()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Contains("필수 항목입니다.", provider.Markup));
        Assert.Equal(before, await TargetCountAsync());
    }

    [Fact]
    public async Task TargetBelowBaselineForAnIncreasingTargetIsExplained()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();
        Type(provider, "target-key", "ai-adoption-2030");
        Type(provider, "target-name", "AI 도입 기업 비율");
        Type(provider, "target-unit", "%");
        Type(provider, "baseline-value", "30");
        Type(provider, "target-value", "10");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Contains("증가 지표의 목표값은 기준값보다 커야 합니다.", provider.Markup));
        Assert.DoesNotContain("필수 항목입니다.", provider.Markup);
        Assert.Equal(before, await TargetCountAsync());
    }

    [Fact]
    public async Task ValidTargetIsSaved()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();
        Type(provider, "target-key", "ai-adoption-2030");
        Type(provider, "target-name", "AI 도입 기업 비율");
        Type(provider, "target-unit", "%");
        Type(provider, "baseline-value", "30");
        Type(provider, "target-value", "70");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=save]")));
        Assert.Equal(before + 1, await TargetCountAsync());
    }

    [Fact]
    public async Task DuplicateKeyIsRefusedWithAMessage()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();
        Type(provider, "target-key", "manufacturing-2030");
        Type(provider, "target-name", "중복");
        Type(provider, "target-unit", "%");
        Type(provider, "baseline-value", "5");
        Type(provider, "target-value", "20");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Contains("같은 키의 성과지표가 이미 있습니다.", provider.Find("[data-testid=form-error]").TextContent));
        Assert.Equal(before, await TargetCountAsync());
    }
}
