using System.Globalization;
using System.Threading.Channels;
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
