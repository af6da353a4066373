using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// One live <see cref="DocumentSession"/> per open section, shared by the hub and the Blazor
/// components; loaded on first use from the latest snapshot and the op-log tail, unloaded when idle.
/// </summary>
public sealed class DocumentSessionRegistry(
    OpLogStore store,
    IReviewStore reviews,
    IOptions<CollaborationOptions> options,
    SectionFeed feed,
    TimeProvider clock,
    ILogger<DocumentSessionRegistry> logger,
    DraftingMetrics metrics) : BackgroundService
{
    private readonly ConcurrentDictionary<int, Lazy<Task<DocumentSession?>>> _sessions = new();


    /// <summary>The live session of a section, loading it if needed; null when the section does not exist.</summary>
    public async Task<DocumentSession?> GetAsync(int sectionId)
    {
        while (true)
        {
            var lazy = _sessions.GetOrAdd(sectionId, id => new Lazy<Task<DocumentSession?>>(() => LoadAsync(id)));
            DocumentSession? session;
            try
            {
                session = await lazy.Value;
            }
            catch
            {
                _sessions.TryRemove(new(sectionId, lazy));
                throw;
            }
            if (session is null)
            {
                _sessions.TryRemove(new(sectionId, lazy));
                return null;
            }
            if (!session.IsClosed)
            {
                return session;
            }
            // Evicted meanwhile: let it finish what was queued, so the next load reads all of it.
            _sessions.TryRemove(new(sectionId, lazy));
            await session.Drained;
        }
    }

    /// <summary>
    /// Keeps a section's session loaded and tells <paramref name="handler"/> of everything that
    /// happens to the section (<see cref="SectionFeed"/>) until the one returned handle is
    /// disposed; null when the section does not exist. Never hands out a session being evicted.
    /// </summary>
    public async Task<(DocumentSession Session, IDisposable Subscription)?> SubscribeAsync(int sectionId, Action<SectionFeedEvent> handler)
    {
        while (await GetAsync(sectionId) is { } session)
        {
            if (session.Subscribe() is { } pin)
            {
                return (session, new Both(pin, feed.Subscribe(sectionId, handler)));
            }
        }
        return null;
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            second.Dispose();
            first.Dispose();
        }
    }

    /// <summary>Adds an editor to a section's session (loading it if needed); null when the section does not exist.</summary>
    public async Task<DocumentSession?> JoinAsync(int sectionId, Func<DocumentSession, Participant> participant)
    {
        while (await GetAsync(sectionId) is { } session)
        {
            if (session.Join(participant(session)))
            {
                return session;
            }
        }
        return null;
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
        var session = new DocumentSession(loaded, store, options.Value, feed, clock, logger, metrics) { Reviews = reviews };
        if (loaded.Tail.Count > 0)
        {
            var (version, text) = session.Current();
            try
            {
                await store.SyncSectionTextAsync(sectionId, text, version);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Section {SectionId}: the text was not copied to the section row while loading.", sectionId);
            }
        }
        return session;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await EvictIdleAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A background service that throws stops the host; the next tick tries again.
                    logger.LogError(e, "Unloading idle sections failed.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>
    /// Unloads sessions nobody has used for <see cref="CollaborationOptions.IdleEviction"/>. Never
    /// throws: a session whose Markdown copy cannot be stored (a stalled database) is unloaded
    /// anyway — its text is in the op log — and the failure logged.
    /// </summary>
    public async Task EvictIdleAsync()
    {
        var cutoff = clock.GetUtcNow() - options.Value.IdleEviction;
        foreach (var (id, lazy) in _sessions)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is { } session && session.TryClose(cutoff))
            {
                _sessions.TryRemove(new(id, lazy));
                await DisposeQuietlyAsync(session);
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
                await DisposeQuietlyAsync(session);
            }
        }
        _sessions.Clear();
    }

    private async Task DisposeQuietlyAsync(DocumentSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception e)
        {
            // The Markdown copy is a convenience; the snapshot and op log hold the text.
            logger.LogWarning(e, "Section {SectionId}: the text was not copied to the section row while unloading.", session.SectionId);
        }
    }
}
