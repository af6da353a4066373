using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// One read rule for plan data (ADR-008): a body's targets and initiatives are read by whoever reads
/// its section, in the lists, on the dashboard and in the assembled plan that exports render.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlanDataAccessTests : IClassFixture<PlanAppFactory>
{
    private readonly PlanAppFactory _app;

    public PlanDataAccessTests(PlanAppFactory app) => _app = app;

    public static TheoryData<string> Accounts => new(AccountSeeder.DemoAccounts.Select(a => a.Email));

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task ListsDashboardAndExportsShowTheSameBodiesPlanData(string email)
    {
        _ = _app.Server;
        Actor actor;
        await using (var db = _app.Database.CreateContext())
        {
            var personId = await db.Users.Where(u => u.Email == email).Select(u => u.PersonId).SingleAsync();
            actor = Actor.From(await db.People.Include(p => p.Memberships).SingleAsync(p => p.Id == personId));
        }
        await using var scope = _app.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<PlanDataService>();
        var plan = await scope.ServiceProvider.GetRequiredService<AssembledPlanService>().AssembleAsync(actor);
        var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardService>().SummariesAsync(actor);

        var targets = (await data.TargetsAsync(actor)).Select(t => t.Id).Order().ToList();
        var initiatives = (await data.InitiativesAsync(actor)).Select(i => i.Id).Order().ToList();

        Assert.Equal(plan.Facts.Targets.Select(t => t.Id).Order(), targets);
        Assert.Equal(plan.Facts.Initiatives.Select(i => i.Id).Order(), initiatives);
        Assert.Equal(targets.Count, dashboard.Sum(b => b.Targets));
        Assert.Equal(initiatives.Count, dashboard.Sum(b => b.Initiatives));
        Assert.NotEmpty(targets);
        if (email.StartsWith("advisor", StringComparison.Ordinal))
        {
            // An advisor reads one body: fewer targets than the committee has.
            await using var db = _app.Database.CreateContext();
            Assert.True(targets.Count < await db.Targets.CountAsync(), $"{email} lists every body's targets.");
        }
    }
}
