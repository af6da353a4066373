using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace PlanWorkspace.Bench.Load;

// Losing the connection: counting drops, moving to another instance when this one is gone, and
// the tests' deliberate disconnects.
public sealed partial class RemoteEditor
{
    // A connection closed with an error (the server timed out or dropped it) is what an
    // overloaded server must never do to an editor: the load bench reports the count.
    private void CountDrops(HubConnection connection) => connection.Closed += error =>
    {
        if (error is not null)
        {
            Dropped++;
        }
        return Task.CompletedTask;
    };

    /// <summary>
    /// Where to reconnect when the instance this editor is connected to is gone (several
    /// instances behind a load balancer: the same sign-in works on any of them).
    /// </summary>
    public Uri? Fallback { get; set; }

    /// <summary>How often this editor moved to <see cref="Fallback"/> after losing its instance.</summary>
    public int Reconnects { get; private set; }

    // Like the browser after its instance died: a new connection to another instance, join again
    // (a pull brings the replica up to date), and the unconfirmed edits go out again from there.
    private async Task FailOverAsync(CancellationToken ct)
    {
        try
        {
            await _connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
        catch (TimeoutException)
        {
            // The old connection is abandoned either way.
        }
        for (var attempt = 1; ; attempt++)
        {
            var fresh = Connect(Fallback!, _cookies);
            Attach(fresh);
            CountDrops(fresh);
            _connection = fresh;
            try
            {
                await fresh.StartAsync(ct);
                await JoinAsync(ct);
                Reconnects++;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                // The other instance is busy taking everyone over: try again shortly.
                await fresh.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>How often the connection was closed by an error (a timeout, the server dropping it).</summary>
    public int Dropped { get; private set; }

    // The connection died (the instance was killed, or it closed the connection under load), as
    // opposed to a refusal of this request.
    private static bool IsConnectionLost(Exception e) =>
        e is not HubException || e.Message.StartsWith("The server closed the connection", StringComparison.Ordinal);

    /// <summary>Drops the connection without leaving (as a network failure would), keeping local edits.</summary>
    public Task DisconnectAsync() => _connection.StopAsync();

    /// <summary>Reconnects and re-joins; unconfirmed edits stay queued for the next push.</summary>
    public async Task ReconnectAsync(CancellationToken ct)
    {
        await _connection.StartAsync(ct);
        await JoinAsync(ct);
    }
}
