using System.Globalization;
using System.Threading.Channels;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>What became of a push: the updates accepted, or "behind" at the current version.</summary>
public sealed record PushOutcome(IReadOnlyList<AcceptedUpdate> Accepted, bool Behind, int Version)
{
    public static PushOutcome BehindAt(int version) => new([], true, version);
}

/// <summary>
/// The live state of one section and its commit pipeline. A single writer loop takes queued
/// pushes and review commands in order, asks the domain's <see cref="DocumentAuthority.Receive"/>
/// on a working copy, appends what it accepted to the op log in one transaction per batch (group
/// commit), and only then moves the committed copy forward. A second loop announces each commit
/// on the <see cref="SectionFeed"/> and then completes its pushes, in commit order, while the
/// writer loop already commits the next batch (a pipeline: the broadcast of one commit overlaps
/// the fsync of the next, and pushes arriving meanwhile form the next group).
/// Every reader (Join, Pull, presence, previews, exports, approval) sees the committed copy, so
/// nobody ever sees a version that was not stored; a commit whose versions another instance took
/// is rebased over that instance's commits and retried (DocumentSession.Race.cs); any other failed
/// commit resets the working copy to the committed one and fails the batch as transient (the editors re-send it).
/// </summary>
public sealed partial class DocumentSession : IAsyncDisposable
{
    private readonly object _gate = new();
    // Bounded: past capacity a push is refused as "busy" (transient), and the editor waits and
    // sends everything typed meanwhile in one push, instead of the queue and its latency growing.
    // Not SingleReader: that variant cannot count what is queued, which the commit linger needs.
    private readonly Channel<IWork> _queue;

    private readonly OpLogStore _store;
    private readonly CollaborationOptions _options;
    private readonly SectionFeed _feed;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly DraftingMetrics _metrics;
    private readonly Task _writer;

    // What readers see, under _gate: the text and history as committed, and the marks at that version.
    private DocumentAuthority _committed;
    private IReadOnlyList<ReviewMarkInfo> _committedMarks = [];

    // The writer loop's own copy, ahead of _committed only while a commit is in flight. Only the
    // writer loop touches it (and _book, in DocumentSession.Review.cs), so it takes no lock.
    private DocumentAuthority _working;

    // Set after a failed commit: before the next one, the op log's latest version is compared
    // with the committed copy (and the section reloaded if they differ).
    private bool _verifyBeforeCommit;
    private bool _closed;
    private int _subscribers;
    private DateTimeOffset _sectionTouched = DateTimeOffset.MinValue;

    internal DocumentSession(LoadedDocument loaded, OpLogStore store, CollaborationOptions options, SectionFeed feed,
        TimeProvider clock, ILogger logger, DraftingMetrics metrics)
    {
        SectionId = loaded.SectionId;
        BodyId = loaded.BodyId;
        _store = store;
        _options = options;
        _feed = feed;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
        (_committed, _working) = Load(loaded);
        LastUsed = clock.GetUtcNow();
        _queue = Channel.CreateBounded<IWork>(new BoundedChannelOptions(Math.Max(1, options.MaxQueuedWork)) { FullMode = BoundedChannelFullMode.Wait });
        _announcer = Task.Run(AnnounceLoopAsync);
        _writer = Task.Run(WriteLoopAsync);
    }

    public int SectionId { get; }
    public int BodyId { get; }

    /// <summary>When the session was last used, for idle eviction.</summary>
    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>The committed version and text, read consistently.</summary>
    public (int Version, string Text) Current()
    {
        lock (_gate)
        {
            return (_committed.Version, _committed.Text);
        }
    }

    /// <summary>The committed version, text and tracked review marks, read consistently.</summary>
    public (int Version, string Text, IReadOnlyList<ReviewMarkInfo> Marks) CurrentWithMarks()
    {
        lock (_gate)
        {
            return (_committed.Version, _committed.Text, _committedMarks);
        }
    }

    /// <summary>
    /// The committed updates after <paramref name="version"/>, oldest first, at most
    /// <see cref="CollaborationOptions.MaxPullUpdates"/>: a client that gets a full page pulls again.
    /// </summary>
    /// <exception cref="CollaborationException">The version is in the future or too old to serve.</exception>
    public IReadOnlyList<AcceptedUpdate> Pull(int version)
    {
        lock (_gate)
        {
            Touch();
            CheckVersion(_committed, version);
            return _committed.Pull(version, _options.MaxPullUpdates);
        }
    }

    /// <summary>
    /// Queues a push and completes once its updates are durable and broadcast (or refused). The
    /// domain's rule decides (<see cref="DocumentAuthority.Receive"/>): a push made on an older
    /// version is rebased over the missed updates one at a time; one that repeats updates already
    /// accepted comes back <see cref="PushOutcome.Behind"/>.
    /// </summary>
    public Task<PushOutcome> PushAsync(int baseVersion, IReadOnlyList<ClientUpdate> updates, int authorId)
    {
        var pending = new PendingPush(baseVersion, updates, authorId.ToString(CultureInfo.InvariantCulture));
        Enqueue(pending);
        return pending.Completion.Task;
    }

    private void Touch() => LastUsed = _clock.GetUtcNow();

    // A full queue refuses (the editor backs off and batches); a closed one means: load again.
    private void Enqueue(IWork work)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return;
        }
        throw IsClosed ? CollaborationException.Closing() : CollaborationException.Busy();
    }

    private static void CheckVersion(DocumentAuthority authority, int version)
    {
        if (version < authority.StartVersion || version > authority.Version)
        {
            throw new CollaborationException("version-unavailable", $"Version {version} is not available (the section holds {authority.StartVersion}–{authority.Version}); reload the section.");
        }
    }

    private (DocumentAuthority Committed, DocumentAuthority Working) Load(LoadedDocument loaded)
    {
        var committed = new DocumentAuthority(loaded.Snapshot.Text, loaded.Snapshot.Version);
        foreach (var op in loaded.Tail)
        {
            if (op.Version != committed.Version + 1)
            {
                throw new InvalidOperationException($"Section {SectionId}: the op log jumps from version {committed.Version} to {op.Version}.");
            }
            committed.Append([new AcceptedUpdate(op.Version, ChangeSet.FromJson(op.Changes), op.ClientId,
                op.AuthorId.ToString(CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(op.Timestamp))]);
        }
        var working = committed.Clone();
        LoadMarks(working, loaded.Marks);
        _committedMarks = _book.Infos(working);
        return (committed, working);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await WriteAllAsync();
        }
        finally
        {
            // Everything committed is announced before the session counts as drained.
            _announcements.Writer.TryComplete();
            await _announcer;
        }
    }

    private async Task WriteAllAsync()
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
                await VerifyAfterFailureAsync();
                await RunBatchAsync(batch);
            }
            catch (Exception e)
            {
                // The loop must outlive any failure, or every later push would wait forever.
                // Nothing of the batch was committed: readers never saw it, and the working copy
                // goes back to the committed one, so the editors' re-sends apply cleanly.
                _logger.LogError(e, "Section {SectionId}: committing {Count} queued items failed; they will be sent again.", SectionId, batch.Count);
                ResetWorking();
                foreach (var work in batch)
                {
                    work.Fail(CollaborationException.SaveFailed());
                }
            }
        }
    }

    // Pushes are committed together; a review command runs alone, after the pushes queued before it.
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
                await CommitPushesAsync(pushes);
                pushes = [];
            }
            if (work is PendingCatchUp catchUp)
            {
                await RunCatchUpAsync(catchUp);
                continue;
            }
            await RunPendingReviewAsync((PendingReview)work);
        }
        if (pushes.Count > 0)
        {
            await CommitPushesAsync(pushes);
        }
    }

    private async Task CommitPushesAsync(List<PendingPush> batch)
    {
        await CatchUpForPushesAsync(batch);
        // Another instance may take our versions first: then rebase over its commits and try again (DocumentSession.Race.cs).
        for (var attempt = 1; ; attempt++)
        {
            var (done, committed) = await TryCommitPushesAsync(batch, attempt);
            if (done)
            {
                // Not awaited: the writer loop goes on with the next batch while this one is announced.
                _ = Announce(committed, batch);
                return;
            }
            await RecoverLostRaceAsync();
        }
    }

    // Not done when the versions were taken by another writer and another attempt may be made.
    private async Task<(bool Done, SectionCommitted? Committed)> TryCommitPushesAsync(List<PendingPush> batch, int attempt)
    {
        var accepted = new List<AcceptedUpdate>();
        var deleted = new List<DeletedAnchor>();
        var before = _working.Version;
        var now = _clock.GetUtcNow();
        foreach (var push in batch.Where(p => !p.Completion.Task.IsCompleted))
        {
            var (version, length) = (_working.Version, _working.Length);
            try
            {
                CheckLimits(push);
                var result = _working.Receive(push.BaseVersion, push.Updates, push.Author, now);
                push.Outcome = new PushOutcome(result.Accepted, result.Behind, result.Version);
                accepted.AddRange(result.Accepted);
                deleted.AddRange(result.DeletedAnchors);
            }
            catch (Exception e) when (e is VersionOutOfRangeException or ChangeSetException or CollaborationException
                && _working.Version == version && _working.Length == length)
            {
                // Receive checks a push whole before applying any of it: this one changed nothing.
                push.Completion.TrySetException(e as CollaborationException ?? Refusal(e));
            }
        }
        lock (_gate)
        {
            Touch();
        }
        try
        {
            return (true, accepted.Count > 0 ? await CommitAsync(before, accepted, deleted, [], null) : null);
        }
        catch (Exception e) when (attempt < MaxCommitAttempts && DatabaseErrors.IsDuplicateKey(e))
        {
            return (false, null);
        }
    }

    private static CollaborationException Refusal(Exception e) => e switch
    {
        VersionOutOfRangeException => new CollaborationException("version-unavailable", e.Message),
        _ => new CollaborationException("malformed", e.Message),
    };

    /// <summary>
    /// Makes updates just applied to the working copy durable — with the anchors they moved or
    /// orphaned and <paramref name="alongside"/>, in one transaction — then moves the committed
    /// copy forward and returns the record to announce. Throws (and commits nothing) when the database fails.
    /// </summary>
    private async Task<SectionCommitted> CommitAsync(int before, IReadOnlyList<AcceptedUpdate> accepted, IReadOnlyList<DeletedAnchor> deleted,
        List<ReviewMarkInfo> changed, Func<PlanDbContext, Task>? alongside, string? untrackId = null)
    {
        var version = _working.Version;
        var snapshot = version / _options.SnapshotInterval > before / _options.SnapshotInterval ? _working.Text : null;
        var marks = _book.Plan(_working, deleted, version, changed, untrackId);

        // The section's "last changed" is refreshed at most every few seconds, not per keystroke.
        var now = _clock.GetUtcNow();
        var touch = alongside is not null || now - _sectionTouched > TimeSpan.FromSeconds(5);
        var statusChanged = await _store.AppendAsync(new CommitBatch(SectionId, version, accepted, marks.Effects, touch, now), snapshot, alongside);

        // Durable: from here on the updates are the section's, for everyone.
        marks.Apply();
        lock (_gate)
        {
            _committed.Append(accepted);
            TrimHistory();
            _presence.MapThrough(accepted);
            if (marks.Changed || changed.Count > 0)
            {
                _committedMarks = _book.Infos(_working);
            }
        }
        if (touch)
        {
            _sectionTouched = now;
        }
        return new SectionCommitted(SectionId, version, accepted, changed, alongside is not null, statusChanged);
    }

    // Keeps the retained window of history (for late pushes and pulls), trimming in steps so the
    // lists are not shifted on every commit.
    private void TrimHistory()
    {
        var retained = Math.Max(1, _options.RetainedVersions);
        if (_committed.Version - _committed.StartVersion > retained + Math.Max(64, retained / 4))
        {
            var keepFrom = _committed.Version - retained;
            _committed.TrimHistory(keepFrom);
            _working.TrimHistory(keepFrom);
        }
    }

    // After a failed commit: the working copy (and the marks it tracks) back to the committed state.
    private void ResetWorking()
    {
        lock (_gate)
        {
            _working = _committed.Clone();
        }
        _book.Retrack(_working);
        _verifyBeforeCommit = true;
    }

    // A commit that failed on the client side may still have reached the database (a connection
    // lost after COMMIT); before committing again, make sure the log ends where memory does.
    private async Task VerifyAfterFailureAsync()
    {
        if (!_verifyBeforeCommit)
        {
            return;
        }
        var latest = await _store.LatestVersionAsync(SectionId);
        int committed;
        lock (_gate)
        {
            committed = _committed.Version;
        }
        if (latest != committed)
        {
            _logger.LogWarning("Section {SectionId}: the op log ends at {Latest}, memory at {Committed}; reloading.", SectionId, latest, committed);
            var loaded = await _store.LoadAsync(SectionId, _options.RetainedVersions)
                ?? throw new InvalidOperationException($"Section {SectionId} no longer exists.");
            var (freshCommitted, freshWorking) = Load(loaded);
            lock (_gate)
            {
                (_committed, _working) = (freshCommitted, freshWorking);
            }
        }
        _verifyBeforeCommit = false;
    }

    private void CheckLimits(PendingPush push)
    {
        long inserted = 0;
        foreach (var update in push.Updates)
        {
            update.Changes.IterChanges((_, _, _, _, text) => inserted += text.Length);
        }
        if (_working.Length + inserted > _options.MaxSectionLength)
        {
            throw SectionFull();
        }
    }

    private CollaborationException SectionFull() =>
        new("section-full", $"A section may hold at most {_options.MaxSectionLength:N0} characters; this edit would exceed it.");

    /// <summary>Stops taking pushes, finishes the queued ones and stores the committed text as the section's Markdown.</summary>
    /// <exception cref="Exception">The database refused the Markdown copy (the op log holds the text regardless).</exception>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }
        _queue.Writer.TryComplete();
        await _writer;
        var (version, text) = Current();
        await _store.SyncSectionTextAsync(SectionId, text, version);
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
        // Continues inline: the announcer writes the acknowledgement right after the broadcast,
        // as a bare hub would, instead of queueing it behind the broadcast's sends on the pool.
        // (The hub's continuation only writes to its connection; it never waits on this session.)
        public TaskCompletionSource<PushOutcome> Completion { get; } = new();
    }
}
