using System.Net;
using System.Net.Sockets;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// A loopback TCP relay between the browser and Kestrel that a test can cut: <see cref="Cut"/>
/// drops every open connection and refuses new ones (accepted and closed at once) until
/// <see cref="Restore"/>. Faithful to a network drop — both the Blazor circuit and the editor's hub
/// connection lose their sockets — while the server keeps running with its state.
/// </summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private readonly Task _accepting;
    private bool _cut;

    public TcpCutProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the browser connects instead of the server.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var (client, server) in _open)
            {
                client.Client.Close(0); // reset, as a dropped link looks to the browser
                server.Dispose();
            }
            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            lock (_gate)
            {
                if (_cut)
                {
                    client.Client.Close(0);
                    server.Dispose();
                    return;
                }
            }
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            await server.ConnectAsync(_target, connectTimeout.Token);
            lock (_gate)
            {
                if (_cut)
                {
                    client.Client.Close(0);
                    server.Dispose();
                    return;
                }
                _open.Add((client, server));
            }
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side went away or the link was cut: the connection ends either way.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove((client, server));
            }
            client.Dispose();
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
