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

    private readonly ConcurrentDictionary<int, Entry> _cache = new();

    /// <summary>The person's current actor, or null when the person no longer exists.</summary>
    public async ValueTask<Actor?> GetAsync(int personId, CancellationToken ct = default)
    {
        var stamp = stamps.Current;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(personId, out var cached) && cached.Stamp == stamp && now - cached.ReadAt < MaxAge)
        {
            return cached.Actor;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        var actor = person is null ? null : Actor.From(person);
        _cache[personId] = new Entry(actor, stamp, now);
        return actor;
    }

    /// <summary>
    /// <paramref name="actor"/> with the roles the person holds now; a person who no longer exists
    /// keeps the name but no roles, so every check refuses.
    /// </summary>
    public async ValueTask<Actor> RefreshAsync(Actor actor, CancellationToken ct = default) =>
        await GetAsync(actor.PersonId, ct) ?? actor with { Roles = [] };

    private sealed record Entry(Actor? Actor, long Stamp, DateTimeOffset ReadAt);
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
