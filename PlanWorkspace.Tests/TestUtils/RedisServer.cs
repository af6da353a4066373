using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// A throwaway Redis (Debian's redis-server) on a free loopback port, nothing saved to disk, stopped
/// and removed on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _folder;

    private RedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>For <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Redis is not installed: apt-get install -y redis-server (.ci/run installs it).");
        var folder = Path.Combine(Path.GetTempPath(), "planworkspace-redis", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = new RedisServer(folder, PostgresServer.FreePort());
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "--bind", "127.0.0.1", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
                     "--daemonize", "yes", "--dir", folder, "--pidfile", server.PidFile, "--logfile", Path.Combine(folder, "redis.log"),
                 })
        {
            info.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(info)!)
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0)
            {
                throw new InvalidOperationException("redis-server did not start: " + process.StandardError.ReadToEnd());
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.ConnectAsync(IPAddress.Loopback, server.Port).Wait(TimeSpan.FromSeconds(2));
                if (client.Connected)
                {
                    return server;
                }
            }
            catch (AggregateException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("redis-server did not start listening.");
            }
            Thread.Sleep(100);
        }
    }

    private string PidFile => Path.Combine(_folder, "redis.pid");

    public void Dispose()
    {
        // The daemon's own pid from its pid file: this process started it.
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp cleaner gets it.
        }
    }
}
