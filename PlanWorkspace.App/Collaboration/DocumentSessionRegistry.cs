using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Hubs;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Collaboration;

/// <summary>
/// One live <see cref="DocumentSession"/> per open section, shared by the hub and the Blazor
/// components; loaded on first use from the latest snapshot and the op-log tail, unloaded when idle.
/// </summary>
public sealed class DocumentSessionRegistry(
    OpLogStore store,
    IOptions<CollaborationOptions> options,
    IHubContext<DraftingHub, IDraftingClient> hub,
    PlanWorkspace.App.Services.SectionStatusEvents statusEvents,
    TimeProvider clock,
    ILogger<DocumentSessionRegistry> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, Lazy<Task<DocumentSession?>>> _sessions = new();

    public static string GroupName(int sectionId) => $"section:{sectionId}";

    /// <summary>The live session of a section, loading it if needed; null when the section does not exist.</summary>
    public async Task<DocumentSession?> GetAsync(int sectionId)
    {
        var lazy = _sessions.GetOrAdd(sectionId, id => new Lazy<Task<DocumentSession?>>(() => LoadAsync(id)));
        try
        {
            var session = await lazy.Value;
            if (session is null)
            {
                _sessions.TryRemove(new(sectionId, lazy));
            }
            return session;
        }
        catch
        {
            _sessions.TryRemove(new(sectionId, lazy));
            throw;
        }
    }

    /// <summary>The session if it is loaded, without loading it.</summary>
    public DocumentSession? Loaded(int sectionId) =>
        _sessions.TryGetValue(sectionId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    private async Task<DocumentSession?> LoadAsync(int sectionId)
    {
        var loaded = await store.LoadAsync(sectionId, options.Value.RetainedVersions);
        if (loaded is null)
        {
            return null;
        }
        var session = new DocumentSession(loaded, store, options.Value, BroadcastAsync, BroadcastReviewAsync, statusEvents.Raise, clock, logger);
        if (loaded.Tail.Count > 0)
        {
            var (version, text) = session.Current();
            await store.SyncSectionTextAsync(sectionId, text, version);
        }
        return session;
    }

    private Task BroadcastAsync(int sectionId, IReadOnlyList<AcceptedUpdate> accepted) =>
        hub.Clients.Group(GroupName(sectionId)).Updates(sectionId, accepted.Select(WireUpdate.From).ToArray());

    private Task BroadcastReviewAsync(int sectionId, int version, IReadOnlyList<ReviewMarkInfo> marks) =>
        hub.Clients.Group(GroupName(sectionId)).Review(sectionId, version, marks.ToArray());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await EvictIdleAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Unloads sessions nobody has used for <see cref="CollaborationOptions.IdleEviction"/>.</summary>
    public async Task EvictIdleAsync()
    {
        var cutoff = clock.GetUtcNow() - options.Value.IdleEviction;
        foreach (var (id, lazy) in _sessions)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is { } session
                && !session.InUse && session.LastUsed < cutoff && _sessions.TryRemove(new(id, lazy)))
            {
                await session.DisposeAsync();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var (_, lazy) in _sessions)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is { } session)
            {
                await session.DisposeAsync();
            }
        }
        _sessions.Clear();
    }
}
