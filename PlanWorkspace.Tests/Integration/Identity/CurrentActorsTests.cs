using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Identity;

/// <summary>
/// Who a person may be right now, read for every hub call: many editors whose cached roles went
/// stale at once share one read of the database, and still see a change made behind the App's back.
/// </summary>
public sealed class CurrentActorsTests(PlanAppFactory app) : AppFixtureTests(app), IClassFixture<PlanAppFactory>
{
    [Fact]
    public async Task ManyEditorsWhoseRolesWentStaleShareOneReadAndSeeAMembershipRemovedBehindTheAppsBack()
    {
        var factory = new CountingFactory(App.Services.GetRequiredService<IDbContextFactory<PlanDbContext>>());
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var actors = new CurrentActors(factory, new MembershipStamp(), clock);
        List<int> people;
        await using (var db = App.Database.CreateContext())
        {
            people = await db.People.Where(p => p.Memberships.Any()).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Timeout);
        }
        Assert.True(people.Count >= 10, $"the seed has {people.Count} people with memberships");
        foreach (var id in people)
        {
            Assert.NotEmpty((await actors.GetAsync(id, Timeout))!.Roles);
        }
        var readsToFill = factory.Created;
        Assert.Equal(people.Count, readsToFill); // one each: nobody was cached yet

        // Straight SQL, as another instance or an operator would: no interceptor bumps the stamp.
        var removed = people[3];
        await using (var db = App.Database.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM Membership WHERE PersonId = {removed}", Timeout);
        }
        Assert.NotEmpty((await actors.GetAsync(removed, Timeout))!.Roles); // cached, within its age

        clock.Advance(CurrentActors.MaxAge);
        var all = await Task.WhenAll(people.Select(id => actors.GetAsync(id, Timeout).AsTask()));
        Assert.Empty(all[3]!.Roles);
        Assert.All(all.Where((_, i) => i != 3), actor => Assert.NotEmpty(actor!.Roles));
        Assert.InRange(factory.Created - readsToFill, 1, 3); // one shared read (a straggler may read alone)
    }

    private sealed class CountingFactory(IDbContextFactory<PlanDbContext> inner) : IDbContextFactory<PlanDbContext>
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public PlanDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
