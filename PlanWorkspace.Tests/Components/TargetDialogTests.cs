using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PlanWorkspace.App.Components.Pages.Plan;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.Domain.Outcomes;
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

    private static void Fill(IRenderedComponent<MudDialogProvider> provider, string key, string name, string unit, string baseline, string target)
    {
        Type(provider, "target-key", key);
        Type(provider, "target-name", name);
        Type(provider, "target-unit", unit);
        Type(provider, "baseline-value", baseline);
        Type(provider, "target-value", target);
    }

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
        Fill(provider, "ai-adoption-2030", "AI 도입 기업 비율", "%", "30", "10");

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
        Fill(provider, "ai-adoption-2030", "AI 도입 기업 비율", "%", "30", "70");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=save]")));
        Assert.Equal(before + 1, await TargetCountAsync());
    }

    [Fact]
    public async Task DuplicateKeyIsRefusedWithAMessage()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();
        Fill(provider, "manufacturing-2030", "중복", "%", "5", "20");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Contains("같은 키의 성과지표가 이미 있습니다.", provider.Find("[data-testid=form-error]").TextContent));
        Assert.Equal(before, await TargetCountAsync());
    }

    [Fact]
    public async Task AHugeTargetValueIsRefusedWithALocalisedMessageInsteadOfBeingRounded()
    {
        var before = await TargetCountAsync();
        var (provider, _) = await OpenAsync();
        Fill(provider, "huge-2030", "터무니없는 값", "개", "1", "999999999999999999999999");

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Contains("값은 -1,000,000,000,000에서 1,000,000,000,000 사이, 소수점 이하 4자리까지 입력할 수 있습니다.", provider.Markup));
        Assert.Equal(before, await TargetCountAsync());
    }

    [Theory]
    [InlineData("ko-KR", "측정일은 기준 연도보다 앞설 수 없습니다.")]
    [InlineData("en-US", "A measurement cannot predate the baseline year.")]
    public async Task ARuleOnlyTheDomainChecksIsShownInTheReadersLanguage(string culture, string expected)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var before = await TargetCountAsync();
        var (provider, input) = await OpenAsync();
        Fill(provider, "early-2030", "이른 측정", "개", "1", "10");
        input.LatestValue = 2;
        input.LatestDate = new DateTime(2020, 1, 1);

        provider.Find("[data-testid=save]").Click();

        provider.WaitForAssertion(() => Assert.Equal(expected, provider.Find("[data-testid=form-error]").TextContent.Trim()));
        Assert.Equal(before, await TargetCountAsync());
    }

    [Fact]
    public async Task TheServerRefusesOutOfRangeValuesThatDidNotComeThroughTheDialog()
    {
        await SignInAsync("chair@plan.test", Role.Chair, "industry-ax");
        var actor = (await Services.GetRequiredService<ActorAccessor>().GetAsync())!;
        int bodyId;
        await using (var db = Database.CreateContext())
        {
            bodyId = (await db.Bodies.SingleAsync(b => b.Code == "industry-ax")).Id;
        }
        var before = await TargetCountAsync();
        var service = Services.GetRequiredService<PlanDataService>();
        var input = new TargetInput { BodyId = bodyId, Key = "huge-2030", Name = "큰 값", Unit = "개", BaselineValue = 1, BaselineYear = 2024, TargetValue = 999999999999999999999999m, TargetYear = 2030 };

        Assert.Equal(Refusals.PlanData.ValueRange.Code, (await service.SaveTargetAsync(actor, input)).Refusal?.Code);
        input.TargetValue = 10;
        input.LatestValue = 0.00001m;
        Assert.Equal(Refusals.PlanData.ValueRange.Code, (await service.SaveTargetAsync(actor, input)).Refusal?.Code);
        Assert.Equal(before, await TargetCountAsync());
        input.LatestValue = 5;
        Assert.True((await service.SaveTargetAsync(actor, input)).Succeeded);
    }
}
