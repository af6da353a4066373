using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Load;

/// <summary>
/// A real SignalR client speaking the same collab protocol as the browser editor (editor.js):
/// it joins a section, keeps unconfirmed local edits in a <see cref="CollabClient"/>, pushes them
/// against its synced version, receives broadcasts and pulls when it sees a gap. Used by the load
/// tool and the integration tests.
/// </summary>
public sealed class RemoteEditor : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private readonly object _lock = new();
    private CollabClient _client = default!;
    private int _acknowledgedVersion;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RemoteEditor(HubConnection connection, int sectionId)
    {
        _connection = connection;
        SectionId = sectionId;
        _connection.On<int, WireUpdate[]>("Updates", (id, updates) =>
        {
            if (id == SectionId)
            {
                Receive(updates);
            }
        });
    }

    public int SectionId { get; }

    /// <summary>Milliseconds from sending a push to its acknowledgement, one entry per push.</summary>
    public List<double> AckLatencies { get; } = [];

    /// <summary>Updates this client has had acknowledged (accepted or recognised as already accepted).</summary>
    public int Acked { get; private set; }

    /// <summary>Local edits made.</summary>
    public int Edits { get; private set; }

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
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/drafting"), options => options.Cookies = cookies)
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        var editor = new RemoteEditor(connection, sectionId);
        await connection.StartAsync(ct);
        await editor.JoinAsync(ct);
        return editor;
    }

    /// <summary>Joins (again, after a reconnect): a fresh replica on the first join, a pull afterwards.</summary>
    public async Task JoinAsync(CancellationToken ct)
    {
        var joined = await _connection.InvokeAsync<JoinReply>("Join", SectionId, ct);
        CanEdit = joined.CanEdit;
        lock (_lock)
        {
            _client ??= new CollabClient(Guid.NewGuid().ToString("N"), joined.Text, joined.Version);
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
            _client.Edit(changes);
            Edits++;
            return true;
        }
    }

    /// <summary>Refusals as "behind" (the push was late and not rebased; it was sent again).</summary>
    public int BehindRetries { get; private set; }

    /// <summary>
    /// Pushes what is unconfirmed (one push in flight at a time) and waits for the acknowledgement;
    /// when the authority answers "behind", receives what was missed and pushes again.
    /// </summary>
    public async Task PushAsync(CancellationToken ct)
    {
        await _pushGate.WaitAsync(ct);
        try
        {
            // Our last acknowledged updates must have arrived first; sending them again would only
            // come back "behind".
            if (_acknowledgedVersion > Version)
            {
                await CatchUpAsync(_acknowledgedVersion, ct);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (true)
            {
                int baseVersion;
                object[] payload;
                lock (_lock)
                {
                    if (_client.SendableUpdates.Count == 0)
                    {
                        return;
                    }
                    baseVersion = _client.SyncedVersion;
                    payload = _client.SendableUpdates
                        .Select(u => (object)new { clientId = u.ClientId, changes = u.Changes.ToJson() }).ToArray();
                }
                var reply = await _connection.InvokeAsync<PushReply>("Push", SectionId, baseVersion, payload, ct);
                if (reply.Behind)
                {
                    BehindRetries++;
                    await CatchUpAsync(reply.Version, ct);
                    continue;
                }
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                _acknowledgedVersion = reply.Version;
                lock (_lock)
                {
                    AckLatencies.Add(elapsed);
                    Acked += reply.Accepted;
                    for (var v = reply.Version - reply.Accepted + 1; v <= reply.Version; v++)
                    {
                        PushedVersions[v] = started;
                    }
                }
                return;
            }
        }
        finally
        {
            _pushGate.Release();
        }
    }

    // The broadcasts usually arrive first; pull if they have not.
    private async Task CatchUpAsync(int version, CancellationToken ct)
    {
        try
        {
            await WaitForVersionAsync(version, TimeSpan.FromMilliseconds(500));
        }
        catch (OperationCanceledException)
        {
            await PullAsync(ct);
        }
    }

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
        var updates = await _connection.InvokeAsync<WireUpdate[]>("Pull", SectionId, version, ct);
        Receive(updates);
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

    /// <summary>Drops the connection without leaving (as a network failure would), keeping local edits.</summary>
    public Task DisconnectAsync() => _connection.StopAsync();

    /// <summary>Reconnects and re-joins; unconfirmed edits stay queued for the next push.</summary>
    public async Task ReconnectAsync(CancellationToken ct)
    {
        await _connection.StartAsync(ct);
        await JoinAsync(ct);
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
                StepwiseRebase.Receive(_client, fresh.Select(u => (ICollabUpdate)new ClientUpdate(ChangeSet.FromJson(u.Changes.GetRawText()), u.ClientId)).ToList());
                var changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.SetResult();
            }
        }
        if (gap)
        {
            _ = PullAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _pushGate.Dispose();
    }

    public sealed record WireUpdate(int Version, string ClientId, JsonElement Changes);
    public sealed record JoinReply(int Version, string Text, bool CanEdit, string Color, int MaxPushBytes);
    public sealed record PushReply(int Accepted, int Version, bool Behind);
}
