using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// A throwaway Dovecot IMAP server on a loopback port (Debian's dovecot-imapd, started as root with
/// its own configuration and a Maildir in a temporary folder; see shared/recipes/dovecot-imap.md).
/// One user, <see cref="User"/>/<see cref="Password"/>. <see cref="StopAsync"/> and <see cref="StartAsync"/>
/// drop and bring back the server, as a real mailbox provider sometimes does.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "opinions";
    public const string Password = "secret";

    private readonly string _folder;
    private readonly string _config;

    private DovecotServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
        _config = Path.Combine(folder, "dovecot.conf");
    }

    public int Port { get; }

    /// <summary>The dovecot binary, or null where it is not installed.</summary>
    public static string? Executable => new[] { "/usr/sbin/dovecot", "/usr/bin/dovecot" }.FirstOrDefault(File.Exists);

    public static async Task<DovecotServer> StartNewAsync()
    {
        if (Executable is null)
        {
            throw new InvalidOperationException("Dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run installs it).");
        }
        var folder = Path.Combine(Path.GetTempPath(), "planworkspace-dovecot", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "run"));
        Directory.CreateDirectory(Path.Combine(folder, "mail"));
        // Dovecot's unprivileged processes must reach the folder (temp folders are often 700).
        await RunAsync("chmod", "755", Path.GetDirectoryName(folder)!, folder);
        await RunAsync("chown", "-R", "dovecot:dovecot", Path.Combine(folder, "mail"));
        await File.WriteAllTextAsync(Path.Combine(folder, "users"), $"{User}:{{PLAIN}}{Password}\n");
        var server = new DovecotServer(folder, FreePort());
        await File.WriteAllTextAsync(server._config, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{folder}}/run
            state_dir = {{folder}}/run
            log_path = {{folder}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_login_user = dovenull
            default_internal_user = dovecot
            default_internal_group = dovecot
            first_valid_uid = 1
            mail_location = maildir:{{folder}}/mail/%u
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{folder}}/users
            }
            userdb {
              driver = static
              args = uid=dovecot gid=dovecot home={{folder}}/mail/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{server.Port}}
              }
            }
            """);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        await RunAsync(Executable!, "-c", _config);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(2));
                return;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("Dovecot did not start listening: " + Log());
    }

    /// <summary>Stops the server; connected clients see the connection drop.</summary>
    public async Task StopAsync()
    {
        await RunAsync(Executable!, "-c", _config, "stop");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && File.Exists(Path.Combine(_folder, "run", "master.pid")))
        {
            await Task.Delay(100);
        }
    }

    public string Log() => File.Exists(Path.Combine(_folder, "dovecot.log")) ? File.ReadAllText(Path.Combine(_folder, "dovecot.log")) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // dovecot may still be closing a file; the temp cleaner gets it.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await error}");
        }
    }
}
