using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Access;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Tests sharing one booted app (an <c>IClassFixture&lt;PlanAppFactory&gt;</c>) that call the
/// services directly: the app, a per-call timeout, and a person's actor as the database has it now.
/// </summary>
public abstract class AppFixtureTests
{
    protected AppFixtureTests(PlanAppFactory app)
    {
        App = app;
        _ = app.Services; // boots the app (migrations, seed) before the first test
    }

    protected PlanAppFactory App { get; }

    protected static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    protected async Task<Actor> ActorAsync(string email)
    {
        await using var db = App.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == email, Timeout));
    }
}
