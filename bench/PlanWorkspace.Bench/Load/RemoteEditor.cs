using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Load;

/// <summary>
/// A real SignalR client speaking the same collab protocol as the browser editor (editor.js):
/// it joins a section, keeps unconfirmed local edits in a <see cref="CollabClient"/>, pushes them
/// against its synced version, receives broadcasts and pulls when it sees a gap. Used by the load
/// tool and the integration tests.
/// </summary>
public sealed partial class RemoteEditor : IAsyncDisposable
{
    private HubConnection _connection;
    private CookieContainer _cookies = new();
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private readonly object _lock = new();
    private CollabClient _client = default!;
    private int _acknowledgedVersion;

    // How many of the unconfirmed updates (from the front) were sent at least once. Only those
    // after them are composed into one (CollabClient.CompactFrom): one sent and perhaps stored
    // must stay as sent, or its confirmation would take later edits with it. With acks slow, each
    // received update is rebased over two pending updates instead of hundreds, so the tool's own
    // CPU does not grow with the server's delay (the browser keeps its separate updates).
    private int _sent;

    /// <summary>
    /// Compose edits not sent yet into one update (the load tool), instead of keeping one update
    /// per edit as the browser editor does (the tests that model it).
    /// </summary>
    public bool ComposeUnsent { get; set; }
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Every editor of a section receives the same updates: in one process (the load tool's 200
    // editors) each is parsed once, not once per editor, so the tool's own CPU stays off the
    // server's two cores as far as it can. Keyed by server, section and version; cleared when large.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Server, int Section, int Version, string ClientId), ChangeSet> Parsed = new();

    private static long _parseCalls;
    private readonly string _server;
    private const int RetainedForMarks = 5000;

    private RemoteEditor(HubConnection connection, int sectionId, string server)
    {
        _server = server;
        _connection = connection;
        SectionId = sectionId;
        Attach(connection);
    }

    private void Attach(HubConnection connection)
    {
        connection.On<int, WireUpdate[]>("Updates", (id, updates) =>
        {
            if (id == SectionId)
            {
                Receive(updates);
            }
        });
        connection.On<int, int, MarkReply[]>("Review", (id, version, marks) =>
        {
            if (id == SectionId)
            {
                ReceiveMarks(version, marks);
            }
        });
    }

    // Review marks (suggestions, threads) in the synced document's positions, mapped through every
    // received update as the browser editor maps its decorations; marks sent at a version this
    // replica has not reached yet wait for it, older ones are mapped through the updates kept.
    private readonly Dictionary<string, MarkReply> _marks = [];
    private readonly List<(int Version, MarkReply[] Marks)> _pendingMarks = [];
    private readonly Dictionary<int, ChangeSet> _received = [];

    /// <summary>The review marks this replica draws (not "gone"), in its synced document's positions.</summary>
    public IReadOnlyDictionary<string, MarkReply> Marks { get { lock (_lock) { return new Dictionary<string, MarkReply>(_marks); } } }

    public int SectionId { get; }

    /// <summary>Each acknowledged push: when it was sent (a Stopwatch timestamp), the milliseconds to its acknowledgement, and the edits it carried.</summary>
    public List<AckSample> AckSamples { get; } = [];

    /// <summary>Edits this client has had acknowledged (accepted or recognised as already accepted).</summary>
    public int Acked { get; private set; }

    /// <summary>Local edits made.</summary>
    public int Edits { get; private set; }

    /// <summary>
    /// Updates made of those edits: one each, fewer with <see cref="ComposeUnsent"/>. Each one
    /// acknowledged is one row in the op log under this client's id.
    /// </summary>
    public int Updates { get; private set; }

    // How many edits each unconfirmed update carries, front to back (all 1 unless composed).
    private readonly List<int> _weights = [];

    public bool CanEdit { get; private set; }

    /// <summary>The versions this client's pushes produced, with the timestamp the push was sent.</summary>
    public Dictionary<int, long> PushedVersions { get; } = [];

    /// <summary>When each version arrived here (Stopwatch timestamps).</summary>
    public Dictionary<int, long> ReceivedAt { get; } = [];

    public string ClientId { get { lock (_lock) { return _client.ClientId; } } }

    public string Text { get { lock (_lock) { return _client.Text; } } }
    public int Version { get { lock (_lock) { return _client.SyncedVersion; } } }
    public int Unconfirmed { get { lock (_lock) { return _client.SendableUpdates.Count; } } }
    public HubConnectionState State => _connection.State;

    /// <summary>Connects with the sign-in cookies in <paramref name="cookies"/> and joins the section.</summary>
    public static async Task<RemoteEditor> ConnectAsync(Uri baseAddress, CookieContainer cookies, int sectionId, CancellationToken ct)
    {
        var editor = new RemoteEditor(Connect(baseAddress, cookies), sectionId, baseAddress.AbsoluteUri) { _cookies = cookies };
        editor.CountDrops(editor._connection);
        await editor._connection.StartAsync(ct);
        await editor.JoinAsync(ct);
        return editor;
    }

    private static HubConnection Connect(Uri baseAddress, CookieContainer cookies)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/drafting"), options => options.Cookies = cookies)
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        return connection;
    }

    /// <summary>Joins (again, after a reconnect): a fresh replica on the first join, a pull afterwards.</summary>
    public async Task JoinAsync(CancellationToken ct)
    {
        var joined = await _connection.InvokeAsync<JoinReply>("Join", SectionId, ct);
        CanEdit = joined.CanEdit;
        _maxPullUpdates = joined.MaxPullUpdates;
        ClientIdPrefix = joined.ClientIdPrefix;
        lock (_lock)
        {
            if (_client is null)
            {
                _client = new CollabClient(joined.ClientIdPrefix + Guid.NewGuid().ToString("N")[..12], joined.Text, joined.Version);
                ApplyMarks(joined.Marks ?? []);
            }
        }
        await PullAsync(ct);
    }

    /// <summary>Makes a local edit from the current local text; returns false when <paramref name="edit"/> made none.</summary>
    public bool Edit(Func<string, int, ChangeSet?> edit)
    {
        lock (_lock)
        {
            var changes = edit(_client.Text, _client.Length);
            if (changes is null)
            {
                return false;
            }
            var before = _client.SendableUpdates.Count;
            _client.Edit(changes);
            if (_client.SendableUpdates.Count > before)
            {
                _weights.Add(1);
                Updates++;
            }
            Compact();
            Edits++;
            return true;
        }
    }

    /// <summary>Refusals as "behind" (the push was late and not rebased; it was sent again).</summary>
    public int BehindRetries { get; private set; }

    /// <summary>Pushes the server could not take for now (a failed commit, a rate limit) and that were sent again.</summary>
    public int TransientRetries { get; private set; }

    private int _maxPullUpdates = 500;

    /// <summary>The namespace the server requires of this person's client ids (from Join).</summary>
    public string ClientIdPrefix { get; private set; } = "";

    /// <summary>True for a refusal after which nothing was stored and the same push may be sent again.</summary>
    public static bool IsTransient(HubException e) =>
        e.Message.Contains("save-failed:", StringComparison.Ordinal) || e.Message.Contains("rate-limited:", StringComparison.Ordinal)
        || e.Message.Contains("closing:", StringComparison.Ordinal) || e.Message.Contains("busy:", StringComparison.Ordinal);

    private ChangeSet Parse(WireUpdate update)
    {
        // ConcurrentDictionary.Count takes every lock: 200 editors asking it 200 times a second
        // each serialised the tool on it. An approximate count of additions is enough to bound it.
        if (Interlocked.Increment(ref _parseCalls) % 4096 == 0 && Parsed.Count > 200_000)
        {
            Parsed.Clear();
        }
        return Parsed.GetOrAdd((_server, SectionId, update.Version, update.ClientId), static (_, u) => ChangeSet.FromJson(u.Changes.GetRawText()), update);
    }

    /// <summary>A raw hub call, for tests of refusals and limits.</summary>
    public Task<T> InvokeRawAsync<T>(string method, object?[] args, CancellationToken ct) => _connection.InvokeCoreAsync<T>(method, args, ct);

    /// <summary>Raw push, for tests of refusals.</summary>
    public Task<PushReply> PushRawAsync(int baseVersion, object[] updates, CancellationToken ct) =>
        _connection.InvokeAsync<PushReply>("Push", SectionId, baseVersion, updates, ct);

    public async Task PullAsync(CancellationToken ct)
    {
        int version;
        lock (_lock)
        {
            version = _client.SyncedVersion;
        }
        var transient = 0;
        while (true)
        {
            WireUpdate[] updates;
            try
            {
                updates = await _connection.InvokeAsync<WireUpdate[]>("Pull", SectionId, version, ct);
            }
            catch (HubException e) when (IsTransient(e) && ++transient <= 10)
            {
                // Nothing changed on the server (a catch-up it could not finish, a rate limit): ask again shortly.
                TransientRetries++;
                await Task.Delay(Backoff(transient), ct);
                continue;
            }
            Receive(updates);
            if (updates.Length < _maxPullUpdates)
            {
                return;
            }
            lock (_lock)
            {
                version = _client.SyncedVersion;
            }
        }
    }

    /// <summary>Waits until this replica has received <paramref name="version"/>.</summary>
    public async Task WaitForVersionAsync(int version, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_client.SyncedVersion >= version)
                {
                    return;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cts.Token);
        }
    }

    private void Receive(WireUpdate[] updates)
    {
        var gap = false;
        lock (_lock)
        {
            var fresh = updates.Where(u => u.Version > _client.SyncedVersion).ToList();
            if (fresh.Count == 0)
            {
                return;
            }
            if (fresh[0].Version != _client.SyncedVersion + 1)
            {
                gap = true;
            }
            else
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                foreach (var update in fresh)
                {
                    ReceivedAt[update.Version] = now;
                }
                var received = fresh.Select(u => (ICollabUpdate)new ClientUpdate(Parse(u), u.ClientId)).ToList();
                var unconfirmed = _client.SendableUpdates.Count;
                StepwiseRebase.Receive(_client, received);
                var confirmed = unconfirmed - _client.SendableUpdates.Count;
                _sent = Math.Max(0, _sent - confirmed);
                _weights.RemoveRange(0, Math.Min(confirmed, _weights.Count));
                for (var i = 0; i < fresh.Count; i++)
                {
                    _received[fresh[i].Version] = received[i].Changes;
                    // Marks arrive at most a little behind: the updates kept to map them need not grow forever.
                    _received.Remove(fresh[i].Version - RetainedForMarks);
                    MapMarks(received[i].Changes);
                }
                foreach (var pending in _pendingMarks.Where(p => p.Version <= _client.SyncedVersion).ToList())
                {
                    _pendingMarks.Remove(pending);
                    ReceiveMarksLocked(pending.Version, pending.Marks);
                }
                var changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.SetResult();
            }
        }
        if (gap)
        {
            _ = PullPastGapAsync();
        }
    }

    // Pulls asked for by gaps since the running one began (0: none runs). On two instances every
    // broadcast from the other can arrive before the versions it follows, and a pull per broadcast
    // (200 a second in a busy section) is refused by the hub's rate limit: one runs at a time, and
    // once more after it for all who asked meanwhile.
    private int _gapPulls;

    private async Task PullPastGapAsync()
    {
        if (Interlocked.Increment(ref _gapPulls) != 1)
        {
            return;
        }
        while (true)
        {
            try
            {
                await PullAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException)
            {
                // Refused or disconnected: the next gap, push or rejoin catches up.
            }
            if (Interlocked.Exchange(ref _gapPulls, 1) == 1 && Interlocked.CompareExchange(ref _gapPulls, 0, 1) == 1)
            {
                return;
            }
        }
    }

    // After a transient refusal: 100 ms, doubling, at most 1.6 s.
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Clamp(attempt, 1, 5)));

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _pushGate.Dispose();
    }

    public sealed record WireUpdate(int Version, string ClientId, JsonElement Changes);
    public sealed record JoinReply(int Version, string Text, bool CanEdit, string Color, int MaxPushBytes, int MaxPullUpdates, MarkReply[]? Marks, string ClientIdPrefix);
    public sealed record MarkReply(string Id, string Kind, string State, int From, int To, string Quote, string Replacement, string Author, string Color);
    public sealed record PushReply(int Accepted, int Version, bool Behind);
}

/// <summary>One acknowledged push, as the load tool measures it.</summary>
public readonly record struct AckSample(long Started, double Milliseconds, int Accepted);
