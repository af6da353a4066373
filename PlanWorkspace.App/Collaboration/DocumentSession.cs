using System.Globalization;
using System.Threading.Channels;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Collaboration;

/// <summary>What became of a push: the updates accepted, or "behind" at the current version.</summary>
public sealed record PushOutcome(IReadOnlyList<AcceptedUpdate> Accepted, bool Behind, int Version)
{
    public static PushOutcome BehindAt(int version) => new([], true, version);
}

/// <summary>Someone with the section open in an editor, and where their selection is.</summary>
public sealed record Participant(string ConnectionId, int PersonId, string Name, string Color, int Anchor, int Head);

/// <summary>
/// The live state of one section: the domain's <see cref="DocumentAuthority"/>, the people in it,
/// and a single writer loop that turns queued pushes into one database transaction per batch
/// (group commit). A push is acknowledged, and its updates broadcast, only after that commit.
/// </summary>
public sealed class DocumentSession : IAsyncDisposable
{
    private readonly object _gate = new();
    // Not SingleReader: that variant cannot count what is queued, which the commit linger needs.
    private readonly Channel<IWork> _queue = Channel.CreateUnbounded<IWork>();
    private readonly Dictionary<string, Participant> _participants = [];
    // The suggestions and threads whose anchors the authority tracks, by anchor id.
    private readonly Dictionary<string, TrackedMark> _marks = new(StringComparer.Ordinal);
    private readonly OpLogStore _store;
    private readonly CollaborationOptions _options;
    private readonly Func<int, IReadOnlyList<AcceptedUpdate>, Task> _broadcast;
    private readonly Func<int, int, IReadOnlyList<ReviewMarkInfo>, Task> _broadcastReview;
    private readonly Action<int> _reopened;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Task _writer;
    private DocumentAuthority _authority;
    private int _subscribers;
    private DateTimeOffset _sectionTouched = DateTimeOffset.MinValue;

    internal DocumentSession(LoadedDocument loaded, OpLogStore store, CollaborationOptions options,
        Func<int, IReadOnlyList<AcceptedUpdate>, Task> broadcast, Func<int, int, IReadOnlyList<ReviewMarkInfo>, Task> broadcastReview,
        Action<int> reopened, TimeProvider clock, ILogger logger)
    {
        SectionId = loaded.SectionId;
        BodyId = loaded.BodyId;
        _store = store;
        _options = options;
        _broadcast = broadcast;
        _broadcastReview = broadcastReview;
        _reopened = reopened;
        _clock = clock;
        _logger = logger;
        _authority = Build(loaded);
        LastUsed = clock.GetUtcNow();
        _writer = Task.Run(WriteLoopAsync);
    }

    public int SectionId { get; }
    public int BodyId { get; }

    /// <summary>Raised after updates were committed and broadcast, with the new version. Handlers must not block.</summary>
    public event Action<int>? TextChanged;

    /// <summary>
    /// Raised after a suggestion or thread was added, decided, resolved, orphaned or went
    /// outdated, with the version and the marks that changed. Handlers must not block.
    /// </summary>
    public event Action<int, IReadOnlyList<ReviewMarkInfo>>? ReviewChanged;

    /// <summary>Raised when someone joins, leaves or moves their cursor. Handlers must not block.</summary>
    public event Action? ParticipantsChanged;

    /// <summary>When the session was last used, for idle eviction.</summary>
    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>True while editors or in-process subscribers use the session.</summary>
    public bool InUse
    {
        get
        {
            lock (_gate)
            {
                return _participants.Count > 0 || _subscribers > 0;
            }
        }
    }

    /// <summary>The current version and text, read consistently.</summary>
    public (int Version, string Text) Current()
    {
        lock (_gate)
        {
            return (_authority.Version, _authority.Text);
        }
    }

    /// <summary>The current version, text and tracked review marks, read consistently.</summary>
    public (int Version, string Text, IReadOnlyList<ReviewMarkInfo> Marks) CurrentWithMarks()
    {
        lock (_gate)
        {
            return (_authority.Version, _authority.Text, _marks.Values.Select(Info).ToList());
        }
    }

    /// <summary>The committed updates after <paramref name="version"/>.</summary>
    /// <exception cref="CollaborationException">The version is in the future or too old to serve.</exception>
    public IReadOnlyList<AcceptedUpdate> Pull(int version)
    {
        lock (_gate)
        {
            Touch();
            try
            {
                return _authority.Pull(version).ToArray();
            }
            catch (VersionOutOfRangeException e)
            {
                throw new CollaborationException(e.Message);
            }
        }
    }

    /// <summary>
    /// Queues a push and completes once its updates are durable and broadcast (or refused). A push
    /// made on an older version is rebased over the missed updates one at a time
    /// (<see cref="StepwiseRebase"/>); one that repeats updates already accepted comes back
    /// <see cref="PushOutcome.Behind"/>: the client receives them (they confirm its copies) and
    /// pushes the rest.
    /// </summary>
    public Task<PushOutcome> PushAsync(int baseVersion, IReadOnlyList<ClientUpdate> updates, int authorId)
    {
        var pending = new PendingPush(baseVersion, updates, authorId.ToString(CultureInfo.InvariantCulture));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new CollaborationException("The section is being closed; try again.");
        }
        return pending.Completion.Task;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the writer loop, between commits, so that what it reads
    /// (positions, text) and what it stores and tracks cannot interleave with any edit.
    /// </summary>
    public Task<T> ReviewAsync<T>(Func<ReviewTurn, Task<T>> action)
    {
        var pending = new PendingTurn(async turn => await action(turn));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new CollaborationException("The section is being closed; try again.");
        }
        return pending.Completion.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult()!, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public IReadOnlyList<Participant> Participants()
    {
        lock (_gate)
        {
            return _participants.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    internal void Join(Participant participant)
    {
        lock (_gate)
        {
            _participants[participant.ConnectionId] = participant;
            Touch();
        }
        ParticipantsChanged?.Invoke();
    }

    internal bool Leave(string connectionId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _participants.Remove(connectionId);
            Touch();
        }
        if (removed)
        {
            ParticipantsChanged?.Invoke();
        }
        return removed;
    }

    /// <summary>
    /// Moves a participant's selection, given at <paramref name="version"/>, and returns it mapped
    /// to the current version (or null when the participant is unknown or the range invalid).
    /// </summary>
    internal (Participant Participant, int Version)? MovePresence(string connectionId, int version, int anchor, int head)
    {
        (Participant, int)? moved = null;
        lock (_gate)
        {
            if (!_participants.TryGetValue(connectionId, out var participant) || version < _authority.StartVersion || version > _authority.Version)
            {
                return null;
            }
            (anchor, head) = MapSelection(anchor, head, _authority.Pull(version));
            if (anchor < 0 || head < 0 || anchor > _authority.Length || head > _authority.Length)
            {
                return null;
            }
            var updated = participant with { Anchor = anchor, Head = head };
            _participants[connectionId] = updated;
            moved = (updated, _authority.Version);
        }
        ParticipantsChanged?.Invoke();
        return moved;
    }

    /// <summary>Counts an in-process subscriber (a preview, a presence panel) until the returned handle is disposed.</summary>
    public IDisposable Subscribe()
    {
        lock (_gate)
        {
            _subscribers++;
            Touch();
        }
        return new Subscription(this);
    }

    private void Touch() => LastUsed = _clock.GetUtcNow();

    private DocumentAuthority Build(LoadedDocument loaded)
    {
        var authority = BuildText(loaded);
        _marks.Clear();
        foreach (var stored in loaded.Marks)
        {
            var (from, to) = (stored.Anchor.From, stored.Anchor.To);
            if (to > authority.Length || from > to)
            {
                _logger.LogWarning("Section {SectionId}: mark {Mark} at {From}..{To} lies outside the text; not tracked.", SectionId, stored.Mark.Id, from, to);
                continue;
            }
            authority.TrackAnchor(new Anchor(stored.Mark.Id, from, to));
            _marks[stored.Mark.Id] = new TrackedMark(stored.Mark, stored.Anchor, stored.CurrentText);
        }
        return authority;
    }

    private DocumentAuthority BuildText(LoadedDocument loaded)
    {
        var authority = new DocumentAuthority(loaded.Snapshot.Text, loaded.Snapshot.Version);
        foreach (var op in loaded.Tail)
        {
            if (op.Version != authority.Version + 1)
            {
                throw new InvalidOperationException($"Section {SectionId}: the op log jumps from version {authority.Version} to {op.Version}.");
            }
            authority.Push(authority.Version, [new ClientUpdate(ChangeSet.FromJson(op.Changes), op.ClientId)],
                op.AuthorId.ToString(CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(op.Timestamp));
        }
        return authority;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<IWork>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            try
            {
                if (_options.CommitLinger > TimeSpan.Zero && _queue.Reader.Count < 4)
                {
                    // Under load, a moment's wait gathers more pushes into one commit and one broadcast.
                    await Task.Delay(_options.CommitLinger);
                }
                while (batch.Count < 256 && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await RunBatchAsync(batch);
            }
            catch (Exception e)
            {
                // The loop must outlive any failure, or every later push would wait forever.
                _logger.LogError(e, "Section {SectionId}: committing {Count} pushes failed; reloading from the database.", SectionId, batch.Count);
                await ReloadAsync();
                foreach (var work in batch)
                {
                    work.Fail(new CollaborationException("The server could not save the edit; it will be sent again."));
                }
            }
        }
    }

    // Pushes are committed together; a review turn runs alone, after the pushes queued before it.
    private async Task RunBatchAsync(List<IWork> batch)
    {
        var pushes = new List<PendingPush>();
        foreach (var work in batch)
        {
            if (work is PendingPush push)
            {
                pushes.Add(push);
                continue;
            }
            if (pushes.Count > 0)
            {
                await CommitBatchAsync(pushes);
                pushes = [];
            }
            await ((PendingTurn)work).RunAsync(new ReviewTurn(this));
        }
        if (pushes.Count > 0)
        {
            await CommitBatchAsync(pushes);
        }
    }

    private async Task CommitBatchAsync(List<PendingPush> batch)
    {
        var accepted = new List<AcceptedUpdate>();
        var deleted = new List<DeletedAnchor>();
        var before = 0;
        lock (_gate)
        {
            Touch();
            before = _authority.Version;
            var now = _clock.GetUtcNow();
            foreach (var push in batch)
            {
                try
                {
                    CheckLimits(push);
                    var (updates, baseVersion) = (push.Updates, push.BaseVersion);
                    if (push.BaseVersion < _authority.Version && push.BaseVersion >= _authority.StartVersion)
                    {
                        var rebased = StepwiseRebase.Rebase(updates, _authority.Pull(push.BaseVersion));
                        if (rebased is null)
                        {
                            push.Outcome = PushOutcome.BehindAt(_authority.Version);
                            continue;
                        }
                        (updates, baseVersion) = (rebased, _authority.Version);
                    }
                    // Out-of-range versions reach the authority as they are, for its clear error.
                    var result = _authority.Push(baseVersion, updates, push.Author, now);
                    push.Outcome = new PushOutcome(result.Accepted, false, _authority.Version);
                    accepted.AddRange(result.Accepted);
                    deleted.AddRange(result.DeletedAnchors);
                }
                catch (Exception e) when (e is VersionOutOfRangeException or ChangeSetException or CollaborationException or ArgumentException)
                {
                    // The authority validates a push whole before applying it: nothing of it is in the text.
                    push.Completion.TrySetException(e as CollaborationException ?? new CollaborationException(e.Message));
                }
            }
        }

        if (accepted.Count > 0)
        {
            await CommitAcceptedAsync(before, accepted, deleted, [], null);
        }
        foreach (var push in batch)
        {
            push.Completion.TrySetResult(push.Outcome);
        }
    }

    /// <summary>
    /// Makes updates just applied to the authority durable — with the anchors they moved or
    /// orphaned and <paramref name="alongside"/>, in one transaction — then broadcasts them.
    /// </summary>
    private async Task CommitAcceptedAsync(int before, IReadOnlyList<AcceptedUpdate> accepted, IReadOnlyList<DeletedAnchor> deleted,
        List<ReviewMarkInfo> changed, Func<PlanDbContext, Task>? alongside)
    {
        string? snapshot = null;
        List<ReviewEffect> effects;
        int version;
        lock (_gate)
        {
            version = _authority.Version;
            MapParticipants(accepted);
            if (version / _options.SnapshotInterval > before / _options.SnapshotInterval)
            {
                snapshot = _authority.Text;
            }
            effects = CollectEffects(deleted, version, changed);
        }

        // The section's "last changed" is refreshed at most every few seconds, not per keystroke.
        var touch = alongside is not null || _clock.GetUtcNow() - _sectionTouched > TimeSpan.FromSeconds(5);
        Func<PlanDbContext, Task>? store = effects.Count == 0 && alongside is null ? null : async db =>
        {
            await ReviewEffects.ApplyAsync(db, effects);
            if (alongside is not null)
            {
                await alongside(db);
            }
        };
        if (await _store.AppendAsync(SectionId, accepted, snapshot, touch, store))
        {
            _reopened(SectionId);
        }
        if (touch)
        {
            _sectionTouched = _clock.GetUtcNow();
        }
        await _broadcast(SectionId, accepted);
        TextChanged?.Invoke(version);
        await AnnounceAsync(version, changed);
    }

    // Editors hear of marks that changed; in-process panels also of stored changes that move no mark (a reply).
    private async Task AnnounceAsync(int version, IReadOnlyList<ReviewMarkInfo> changed, bool stored = false)
    {
        if (changed.Count > 0)
        {
            await _broadcastReview(SectionId, version, changed);
        }
        if (changed.Count > 0 || stored)
        {
            ReviewChanged?.Invoke(version, changed);
        }
    }

    // What the last updates did to the tracked marks: orphaned (their text deleted), moved, or
    // (suggestions) their text changed — each stored, and state changes announced.
    private List<ReviewEffect> CollectEffects(IReadOnlyList<DeletedAnchor> deleted, int version, List<ReviewMarkInfo> changed)
    {
        var effects = new List<ReviewEffect>();
        foreach (var gone in deleted)
        {
            if (_marks.Remove(gone.Anchor.Id, out var tracked))
            {
                var anchor = new ReviewAnchor(0, 0, gone.Version);
                effects.Add(new ReviewEffect(tracked.Mark.Kind, tracked.Mark.ItemId, anchor, string.Empty, Orphaned: true));
                changed.Add(Info(tracked.Mark, "gone", anchor));
            }
        }
        foreach (var tracked in _marks.Values)
        {
            var anchor = _authority.FindAnchor(tracked.Mark.Id)!;
            var current = tracked.Mark.Kind == ReviewMarkKind.Suggestion ? _authority.Slice(anchor.From, anchor.To) : string.Empty;
            if (anchor.From == tracked.Stored.From && anchor.To == tracked.Stored.To && current == tracked.CurrentText)
            {
                continue;
            }
            var textChanged = current != tracked.CurrentText;
            tracked.Stored = new ReviewAnchor(anchor.From, anchor.To, version);
            tracked.CurrentText = current;
            effects.Add(new ReviewEffect(tracked.Mark.Kind, tracked.Mark.ItemId, tracked.Stored, current, Orphaned: false));
            if (textChanged)
            {
                changed.Add(Info(tracked));
            }
        }
        return effects;
    }

    private ReviewMarkInfo Info(TrackedMark tracked) => Info(tracked.Mark, StateOf(tracked), _authority.FindAnchor(tracked.Mark.Id) is { } a ? new ReviewAnchor(a.From, a.To, _authority.Version) : tracked.Stored);

    private static string StateOf(TrackedMark tracked) => tracked.Mark.Kind == ReviewMarkKind.Suggestion
        ? (tracked.CurrentText == tracked.Mark.Quote ? "open" : "outdated")
        : (tracked.Mark.Resolved ? "resolved" : "open");

    private static ReviewMarkInfo Info(ReviewMark mark, string state, ReviewAnchor anchor) =>
        new(mark.Id, mark.Kind == ReviewMarkKind.Suggestion ? "suggestion" : "thread", state, anchor.From, anchor.To, mark.Quote, mark.Replacement, mark.AuthorName, mark.Color);

    private void CheckLimits(PendingPush push)
    {
        var inserted = 0;
        foreach (var update in push.Updates)
        {
            update.Changes.IterChanges((_, _, _, _, text) => inserted += text.Length);
        }
        if (_authority.Length + inserted > _options.MaxSectionLength)
        {
            throw new CollaborationException(
                $"A section may hold at most {_options.MaxSectionLength:N0} characters; this edit would exceed it.");
        }
    }

    private void MapParticipants(IReadOnlyList<AcceptedUpdate> accepted)
    {
        foreach (var (id, participant) in _participants.ToArray())
        {
            var (anchor, head) = MapSelection(participant.Anchor, participant.Head, accepted);
            _participants[id] = participant with { Anchor = anchor, Head = head };
        }
    }

    // A selection sticks to the text after it, as the editor's remote cursors do.
    private static (int Anchor, int Head) MapSelection(int anchor, int head, IEnumerable<AcceptedUpdate> updates)
    {
        foreach (var update in updates)
        {
            anchor = update.Changes.MapPosition(Math.Min(anchor, update.Changes.Length), 1);
            head = update.Changes.MapPosition(Math.Min(head, update.Changes.Length), 1);
        }
        return (anchor, head);
    }

    private async Task ReloadAsync()
    {
        try
        {
            var loaded = await _store.LoadAsync(SectionId, _options.RetainedVersions);
            if (loaded is not null)
            {
                lock (_gate)
                {
                    _authority = Build(loaded);
                }
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Section {SectionId}: reloading failed.", SectionId);
        }
    }

    /// <summary>Stops taking pushes, finishes the queued ones and stores the current text as the section's Markdown.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        var (version, text) = Current();
        try
        {
            await _store.SyncSectionTextAsync(SectionId, text, version);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // Shutting down: the Markdown copy is a convenience; snapshot + op log hold the text.
            _logger.LogDebug(e, "Section {SectionId}: text not copied at shutdown.", SectionId);
        }
    }

    private interface IWork
    {
        void Fail(Exception error);
    }

    private sealed class PendingPush(int baseVersion, IReadOnlyList<ClientUpdate> updates, string author) : IWork
    {
        public void Fail(Exception error) => Completion.TrySetException(error);

        public int BaseVersion { get; } = baseVersion;
        public IReadOnlyList<ClientUpdate> Updates { get; } = updates;
        public string Author { get; } = author;
        public PushOutcome Outcome { get; set; } = PushOutcome.BehindAt(0);
        public TaskCompletionSource<PushOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class PendingTurn(Func<ReviewTurn, Task<object?>> action) : IWork
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception error) => Completion.TrySetException(error);

        // A refusal (bad input, a final state) changed nothing; anything else fails the batch and reloads.
        public async Task RunAsync(ReviewTurn turn)
        {
            try
            {
                Completion.TrySetResult(await action(turn));
            }
            catch (Exception e) when (e is ReviewException or CollaborationException)
            {
                Completion.TrySetException(e);
            }
        }
    }

    private sealed class TrackedMark(ReviewMark mark, ReviewAnchor stored, string currentText)
    {
        public ReviewMark Mark { get; } = mark;
        /// <summary>The anchor as last stored.</summary>
        public ReviewAnchor Stored { get; set; } = stored;
        public string CurrentText { get; set; } = currentText;
    }

    /// <summary>
    /// What a review action may do while it has the writer loop: read positions and text, store
    /// an item and start or stop tracking it, or apply an edit (an accepted suggestion).
    /// </summary>
    public sealed class ReviewTurn
    {
        private readonly DocumentSession _session;

        internal ReviewTurn(DocumentSession session) => _session = session;

        public int Version
        {
            get
            {
                lock (_session._gate)
                {
                    return _session._authority.Version;
                }
            }
        }

        /// <summary>
        /// Maps a range the client saw at <paramref name="version"/> to current positions (text
        /// typed at its edges stays outside) and returns it with the text it now covers.
        /// </summary>
        /// <exception cref="ReviewException">The range lies outside the text it was taken from.</exception>
        /// <exception cref="CollaborationException">The version is unknown or too old.</exception>
        public (ReviewAnchor Anchor, string Text) Locate(int version, int from, int to)
        {
            lock (_session._gate)
            {
                var authority = _session._authority;
                if (version < authority.StartVersion || version > authority.Version)
                {
                    throw new CollaborationException($"Version {version} is not available; reload the section.");
                }
                var missed = authority.Pull(version);
                var lengthThen = missed.Count > 0 ? missed[0].Changes.Length : authority.Length;
                ReviewAnchor.Checked(from, to, version, lengthThen);
                foreach (var update in missed)
                {
                    if (from == to)
                    {
                        from = to = update.Changes.MapPosition(from, -1);
                    }
                    else
                    {
                        (from, to) = (update.Changes.MapPosition(from, 1), update.Changes.MapPosition(to, -1));
                        to = Math.Max(from, to);
                    }
                }
                return (new ReviewAnchor(from, to, authority.Version), authority.Slice(from, to));
            }
        }

        /// <summary>The current anchor and text of a tracked mark, or null when it is not tracked.</summary>
        public (ReviewAnchor Anchor, string Text)? Find(string markId)
        {
            lock (_session._gate)
            {
                var anchor = _session._authority.FindAnchor(markId);
                return anchor is null ? null : (new ReviewAnchor(anchor.From, anchor.To, _session._authority.Version), _session._authority.Slice(anchor.From, anchor.To));
            }
        }

        /// <summary>
        /// Runs <paramref name="store"/> in a transaction, then tracks the mark it returns (at its
        /// anchor) and/or stops tracking the mark <paramref name="untrackId"/>, and announces both.
        /// </summary>
        public async Task<T> StoreAsync<T>(Func<PlanDbContext, Task<(T Result, StoredMark? Track)>> store, string? untrackId = null)
        {
            var (result, track) = await _session._store.InTransactionAsync(store);
            var changed = new List<ReviewMarkInfo>();
            int version;
            lock (_session._gate)
            {
                var authority = _session._authority;
                version = authority.Version;
                if (untrackId is not null && authority.UntrackAnchor(untrackId) && _session._marks.Remove(untrackId, out var old))
                {
                    changed.Add(Info(old.Mark, "gone", old.Stored));
                }
                if (track is not null)
                {
                    authority.TrackAnchor(new Anchor(track.Mark.Id, track.Anchor.From, track.Anchor.To));
                    var tracked = new TrackedMark(track.Mark, track.Anchor, track.CurrentText);
                    _session._marks[track.Mark.Id] = tracked;
                    changed.Add(_session.Info(tracked));
                }
            }
            await _session.AnnounceAsync(version, changed, stored: true);
            return result;
        }

        /// <summary>
        /// Replaces <paramref name="markId"/>'s range by <paramref name="insert"/> as an ordinary
        /// edit by <paramref name="authorId"/>, stops tracking the mark, and stores the edit with
        /// <paramref name="alongside"/> (given the new version) in one transaction.
        /// </summary>
        public async Task<int> ApplyAsync(string markId, string insert, int authorId, string clientId, Func<PlanDbContext, int, Task> alongside)
        {
            var changed = new List<ReviewMarkInfo>();
            IReadOnlyList<AcceptedUpdate> accepted;
            IReadOnlyList<DeletedAnchor> deleted;
            int before;
            lock (_session._gate)
            {
                var authority = _session._authority;
                var anchor = authority.FindAnchor(markId) ?? throw new CollaborationException($"{markId} is not tracked.");
                before = authority.Version;
                if (_session._authority.Length - (anchor.To - anchor.From) + insert.Length > _session._options.MaxSectionLength)
                {
                    throw new CollaborationException($"A section may hold at most {_session._options.MaxSectionLength:N0} characters; this edit would exceed it.");
                }
                authority.UntrackAnchor(markId);
                if (_session._marks.Remove(markId, out var old))
                {
                    changed.Add(Info(old.Mark, "gone", old.Stored));
                }
                var result = authority.Push(before, [new ClientUpdate(ChangeSet.Of(authority.Length, anchor.From, anchor.To, insert), clientId)],
                    authorId.ToString(CultureInfo.InvariantCulture), _session._clock.GetUtcNow());
                (accepted, deleted) = (result.Accepted, result.DeletedAnchors);
            }
            var version = accepted[^1].Version;
            await _session.CommitAcceptedAsync(before, accepted, deleted, changed, db => alongside(db, version));
            return version;
        }
    }

    private sealed class Subscription(DocumentSession session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (session._gate)
                {
                    session._subscribers--;
                    session.Touch();
                }
            }
        }
    }
}
