using System.Collections.Immutable;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>Something that happened to a section, as the live feed tells it.</summary>
public abstract record SectionFeedEvent(int SectionId)
{
    /// <summary>
    /// True when it happened on another instance and reached this one over the shared feed
    /// (ScaleOut): this instance's editors already had it from the backplane, and it is not sent on again.
    /// </summary>
    public bool Remote { get; init; }
}

/// <summary>
/// One commit of a section, published once it is durable: the new version, the updates it
/// stored (none for a review change that moved no text), the review marks it changed, and
/// whether it changed the section's status (an edit reopening an approved section).
/// </summary>
public sealed record SectionCommitted(
    int SectionId,
    int Version,
    IReadOnlyList<AcceptedUpdate> Updates,
    IReadOnlyList<ReviewMarkInfo> Marks,
    bool ReviewStored,
    bool StatusChanged) : SectionFeedEvent(SectionId);

/// <summary>Someone joined or left the section's editor, or moved their selection.</summary>
public sealed record PresenceChanged(int SectionId) : SectionFeedEvent(SectionId);

/// <summary>Targets or initiatives changed: everything that renders plan data (cards, tables) renders again. Of no one section: its id is 0.</summary>
public sealed record PlanDataChanged() : SectionFeedEvent(0);

/// <summary>Notifications for these people were stored (a mention, a reply, a decision): their bells refresh. Of no one section: its id is 0.</summary>
public sealed record PeopleNotified(IReadOnlyList<int> PersonIds) : SectionFeedEvent(0);

/// <summary>A sign-off step changed the section's status (submitted, approved, changes requested).</summary>
public sealed record SectionStatusChanged(int SectionId) : SectionFeedEvent(SectionId);

/// <summary>
/// The one way anything hears of a section (the shape of eShop's order-status notifications):
/// the commit pipeline and the sign-off steps publish; the hub broadcaster, previews, presence
/// and review panels, the assembled plan and the notification bell subscribe with one disposable.
/// Handlers run on the publisher's thread, in publication order, and must not block: a component
/// handler hands off to its renderer with <c>InvokeAsync</c>. Async handlers (the broadcaster)
/// are awaited, so an editor's acknowledgement follows the broadcast of what it acknowledges.
/// </summary>
public sealed class SectionFeed(ILogger<SectionFeed> logger)
{
    private const int Everyone = -1;

    // Copy-on-write lists: publishing (every commit) reads without a lock.
    private ImmutableDictionary<int, ImmutableArray<Func<SectionFeedEvent, ValueTask>>> _handlers =
        ImmutableDictionary<int, ImmutableArray<Func<SectionFeedEvent, ValueTask>>>.Empty;
    private readonly object _gate = new();

    /// <summary>
    /// True when other instances publish into this feed too (Redis): sessions then check the op log
    /// for other writers' commits before serving an editor (DocumentSession.Race.cs).
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>Hears of one section until disposed.</summary>
    public IDisposable Subscribe(int sectionId, Action<SectionFeedEvent> handler)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sectionId);
        return Add(sectionId, Sync(handler));
    }

    /// <summary>Hears of every section until disposed.</summary>
    public IDisposable SubscribeAll(Action<SectionFeedEvent> handler) => Add(Everyone, Sync(handler));

    /// <summary>Hears of every section until disposed; the publisher awaits the handler.</summary>
    public IDisposable SubscribeAll(Func<SectionFeedEvent, ValueTask> handler) => Add(Everyone, handler);

    /// <summary>Tells the section's subscribers, then everyone's. A failing handler is logged and skipped.</summary>
    public async ValueTask PublishAsync(SectionFeedEvent e)
    {
        var handlers = _handlers;
        if (handlers.TryGetValue(e.SectionId, out var own))
        {
            await RunAsync(own, e);
        }
        if (handlers.TryGetValue(Everyone, out var all))
        {
            await RunAsync(all, e);
        }
    }

    private async ValueTask RunAsync(ImmutableArray<Func<SectionFeedEvent, ValueTask>> handlers, SectionFeedEvent e)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler(e);
            }
            catch (Exception error)
            {
                // One broken listener (a disposed page) must not keep the others, or the commit, waiting.
                logger.LogWarning(error, "A listener of section {SectionId} failed on {Event}.", e.SectionId, e.GetType().Name);
            }
        }
    }

    private static Func<SectionFeedEvent, ValueTask> Sync(Action<SectionFeedEvent> handler) => e =>
    {
        handler(e);
        return ValueTask.CompletedTask;
    };

    private Subscription Add(int key, Func<SectionFeedEvent, ValueTask> handler)
    {
        lock (_gate)
        {
            _handlers = _handlers.SetItem(key, _handlers.GetValueOrDefault(key, []).Add(handler));
        }
        return new Subscription(this, key, handler);
    }

    private void Remove(int key, Func<SectionFeedEvent, ValueTask> handler)
    {
        lock (_gate)
        {
            if (_handlers.TryGetValue(key, out var list))
            {
                list = list.Remove(handler);
                _handlers = list.IsEmpty ? _handlers.Remove(key) : _handlers.SetItem(key, list);
            }
        }
    }

    private sealed class Subscription(SectionFeed feed, int key, Func<SectionFeedEvent, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(key, handler);
            }
        }
    }
}
