using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Identity;

/// <summary>
/// Who a person is allowed to be right now (ADR-001): every hub call and service action asks here
/// instead of trusting an <see cref="Actor"/> loaded when a page or connection opened. A cached
/// actor is reused only while nothing changed a membership in this process (a stamp bumped by
/// <see cref="MembershipChanges"/>) and for at most <see cref="MaxAge"/>, so a change made
/// elsewhere (another instance, SQL) takes effect within that bound.
/// </summary>
public sealed class CurrentActors(IDbContextFactory<PlanDbContext> dbFactory, MembershipStamp stamps, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    // One shared read refreshes at most this many people; anyone else is read alone.
    private const int MaxPerRefresh = 2000;

    private readonly ConcurrentDictionary<int, Entry> _cache = new();
    private readonly Lock _gate = new();
    private Refresh? _refresh;

    /// <summary>The person's current actor, or null when the person no longer exists.</summary>
    /// <remarks>
    /// 200 editors typing once a second each find their entry stale every two seconds: instead of
    /// 100 reads a second, the first to find it stale re-reads everyone cached in one query and
    /// the others wait for that read. It was started with the same membership stamp, less than
    /// <see cref="MaxAge"/> before, and each entry it stores is dated when it started.
    /// </remarks>
    public async ValueTask<Actor?> GetAsync(int personId, CancellationToken ct = default)
    {
        var stamp = stamps.Current;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(personId, out var cached) && cached.Stamp == stamp && now - cached.ReadAt < MaxAge)
        {
            return cached.Actor;
        }
        Refresh? shared = null;
        lock (_gate)
        {
            if (_refresh is { } running)
            {
                if (running.Stamp == stamp && running.Ids.Contains(personId))
                {
                    shared = running;
                }
            }
            else
            {
                var ids = new HashSet<int>(_cache.Keys.Take(MaxPerRefresh - 1)) { personId };
                shared = _refresh = new Refresh(stamp, now, ids);
                shared.Start(Task.Run(() => ReadAsync(shared), CancellationToken.None));
            }
        }
        if (shared is not null)
        {
            await shared.Done.WaitAsync(ct);
            if (_cache.TryGetValue(personId, out var read) && read.Stamp == stamp && now - read.ReadAt < MaxAge)
            {
                return read.Actor;
            }
        }
        // A refresh already under way without this person, or one from before a membership change.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        var actor = person is null ? null : Actor.From(person);
        _cache[personId] = new Entry(actor, stamp, now);
        return actor;
    }

    // Not cancelled with any one caller: others wait for it too. A failed read fails its waiters
    // (each then refuses its request as the database being unavailable would).
    private async Task ReadAsync(Refresh refresh)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var ids = refresh.Ids.ToList();
            var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync();
            var found = people.ToDictionary(p => p.Id);
            foreach (var id in refresh.Ids)
            {
                _cache[id] = new Entry(found.TryGetValue(id, out var person) ? Actor.From(person) : null, refresh.Stamp, refresh.StartedAt);
            }
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    /// <summary>
    /// <paramref name="actor"/> with the roles the person holds now; a person who no longer exists
    /// keeps the name but no roles, so every check refuses.
    /// </summary>
    public async ValueTask<Actor> RefreshAsync(Actor actor, CancellationToken ct = default) =>
        await GetAsync(actor.PersonId, ct) ?? actor with { Roles = [] };

    private sealed record Entry(Actor? Actor, long Stamp, DateTimeOffset ReadAt);

    private sealed class Refresh(long stamp, DateTimeOffset startedAt, HashSet<int> ids)
    {
        public long Stamp { get; } = stamp;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public HashSet<int> Ids { get; } = ids;
        public Task Done { get; private set; } = Task.CompletedTask;

        public void Start(Task read) => Done = read;
    }
}

/// <summary>
/// Bumped whenever a save changed a person or a membership. Its own singleton without
/// dependencies: the database context's interceptor needs it while the context factory is built.
/// </summary>
public sealed class MembershipStamp
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}

/// <summary>Bumps the <see cref="MembershipStamp"/> when a save changed a person or a membership.</summary>
public sealed class MembershipChanges(MembershipStamp stamp) : SaveChangesInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _saving = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    // Invalidated before the save and again after it: a reader in between may cache the old
    // roles, and the second stamp makes sure that copy is not kept.
    private void Check(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.Entity is Person or Membership && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            stamp.Bump();
            _saving.AddOrUpdate(context, this);
        }
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            stamp.Bump();
        }
    }
}
