using System.Globalization;
using System.Threading.Channels;
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
    private readonly Channel<PendingPush> _queue = Channel.CreateUnbounded<PendingPush>();
    private readonly Dictionary<string, Participant> _participants = [];
    private readonly OpLogStore _store;
    private readonly CollaborationOptions _options;
    private readonly Func<int, IReadOnlyList<AcceptedUpdate>, Task> _broadcast;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Task _writer;
    private DocumentAuthority _authority;
    private int _subscribers;
    private DateTimeOffset _sectionTouched = DateTimeOffset.MinValue;

    internal DocumentSession(LoadedDocument loaded, OpLogStore store, CollaborationOptions options,
        Func<int, IReadOnlyList<AcceptedUpdate>, Task> broadcast, TimeProvider clock, ILogger logger)
    {
        SectionId = loaded.SectionId;
        BodyId = loaded.BodyId;
        _store = store;
        _options = options;
        _broadcast = broadcast;
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
        var batch = new List<PendingPush>();
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
                await CommitBatchAsync(batch);
            }
            catch (Exception e)
            {
                // The loop must outlive any failure, or every later push would wait forever.
                _logger.LogError(e, "Section {SectionId}: committing {Count} pushes failed; reloading from the database.", SectionId, batch.Count);
                await ReloadAsync();
                foreach (var push in batch)
                {
                    push.Completion.TrySetException(new CollaborationException("The server could not save the edit; it will be sent again."));
                }
            }
        }
    }

    private async Task CommitBatchAsync(List<PendingPush> batch)
    {
        var accepted = new List<AcceptedUpdate>();
        string? snapshot = null;
        lock (_gate)
        {
            Touch();
            var before = _authority.Version;
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
                    var pushed = _authority.Push(baseVersion, updates, push.Author, now).Accepted;
                    push.Outcome = new PushOutcome(pushed, false, _authority.Version);
                    accepted.AddRange(pushed);
                }
                catch (Exception e) when (e is VersionOutOfRangeException or ChangeSetException or CollaborationException or ArgumentException)
                {
                    // The authority validates a push whole before applying it: nothing of it is in the text.
                    push.Completion.TrySetException(e as CollaborationException ?? new CollaborationException(e.Message));
                }
            }
            if (accepted.Count > 0)
            {
                MapParticipants(accepted);
                if (_authority.Version / _options.SnapshotInterval > before / _options.SnapshotInterval)
                {
                    snapshot = _authority.Text;
                }
            }
        }

        if (accepted.Count > 0)
        {
            // The section's "last changed" is refreshed at most every few seconds, not per keystroke.
            var touch = _clock.GetUtcNow() - _sectionTouched > TimeSpan.FromSeconds(5);
            await _store.AppendAsync(SectionId, accepted, snapshot, touch);
            if (touch)
            {
                _sectionTouched = _clock.GetUtcNow();
            }
            await _broadcast(SectionId, accepted);
        }
        foreach (var push in batch)
        {
            push.Completion.TrySetResult(push.Outcome);
        }
        if (accepted.Count > 0)
        {
            TextChanged?.Invoke(accepted[^1].Version);
        }
    }

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

    private void MapParticipants(List<AcceptedUpdate> accepted)
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
                var authority = Build(loaded);
                lock (_gate)
                {
                    _authority = authority;
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

    private sealed class PendingPush(int baseVersion, IReadOnlyList<ClientUpdate> updates, string author)
    {
        public int BaseVersion { get; } = baseVersion;
        public IReadOnlyList<ClientUpdate> Updates { get; } = updates;
        public string Author { get; } = author;
        public PushOutcome Outcome { get; set; } = PushOutcome.BehindAt(0);
        public TaskCompletionSource<PushOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
