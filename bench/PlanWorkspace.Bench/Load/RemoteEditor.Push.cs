using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace PlanWorkspace.Bench.Load;

// Sending: one push in flight at a time, what waits for it composed (the load tool), and the
// acknowledgement counted edit by edit.
public sealed partial class RemoteEditor
{
    // With ComposeUnsent, what was not sent yet becomes one update (its edits counted together).
    private void Compact()
    {
        var count = _client.SendableUpdates.Count;
        if (!ComposeUnsent || count - _sent < 2)
        {
            return;
        }
        _client.CompactFrom(_sent);
        var merged = _weights.Skip(_sent).Sum();
        Updates -= _weights.Count - _sent - 1;
        _weights.RemoveRange(_sent, _weights.Count - _sent);
        _weights.Add(merged);
    }

    /// <summary>
    /// Pushes what is unconfirmed (one push in flight at a time) and waits for the acknowledgement;
    /// when the authority answers "behind", receives what was missed and pushes again.
    /// </summary>
    public async Task PushAsync(CancellationToken ct)
    {
        await _pushGate.WaitAsync(ct);
        try
        {
            while (true)
            {
                try
                {
                    await PushLockedAsync(ct);
                    return;
                }
                catch (Exception e) when (IsConnectionLost(e) && Fallback is not null && Reconnects < 20 && !ct.IsCancellationRequested)
                {
                    // The instance is gone, the push perhaps committed there or not: send it again
                    // elsewhere; the authority recognises what was already stored (it comes back "behind").
                    await FailOverAsync(ct);
                }
            }
        }
        finally
        {
            _pushGate.Release();
        }
    }

    private async Task PushLockedAsync(CancellationToken ct)
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
            int[] sentWeights;
            lock (_lock)
            {
                if (_client.SendableUpdates.Count == 0)
                {
                    return;
                }
                Compact();
                _sent = _client.SendableUpdates.Count;
                sentWeights = [.. _weights];
                baseVersion = _client.SyncedVersion;
                payload = _client.SendableUpdates
                    .Select(u => (object)new { clientId = u.ClientId, changes = u.Changes.ToJson() }).ToArray();
            }
            PushReply reply;
            try
            {
                reply = await _connection.InvokeAsync<PushReply>("Push", SectionId, baseVersion, payload, ct);
            }
            catch (HubException e) when (IsTransient(e))
            {
                // Nothing was stored: keep the edits, back off, send again (as the editor does).
                TransientRetries++;
                await Task.Delay(Backoff(TransientRetries), ct);
                continue;
            }
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
                // Those the authority already had were sent first: the accepted ones are the last.
                var edits = sentWeights.AsSpan(Math.Max(0, sentWeights.Length - reply.Accepted)).ToArray().Sum();
                AckSamples.Add(new AckSample(started, elapsed, edits));
                Acked += edits;
                for (var v = reply.Version - reply.Accepted + 1; v <= reply.Version; v++)
                {
                    PushedVersions[v] = started;
                }
            }
            // The broadcast carrying our updates was sent before the reply, but the client may
            // run its handler after the reply: return once the replica holds them.
            await CatchUpAsync(reply.Version, ct);
            return;
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
}
