using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (Debian's postgresql package): initdb into a
/// temporary folder, started on a free loopback port with its socket in that folder, stopped and
/// removed when the test process exits. As root (CI) initdb and pg_ctl run as the <c>postgres</c>
/// user, which PostgreSQL demands. Each fixture takes its own database (<see cref="CreateDatabase"/>).
/// Durability is off (fsync): a crash of the test machine needs no recovery.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _folder;
    private readonly string _bin;

    private PostgresServer(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    /// <summary>The run's server, started on first use.</summary>
    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15;Command Timeout=30";

    /// <summary>A new empty database; its name.</summary>
    public string CreateDatabase()
    {
        var name = "plan_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Drops a database, closing whatever connections a stopped app left open.</summary>
    public void DropDatabase(string name)
    {
        using (var connection = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin).</summary>
    public static string? BinFolder =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null)
        ?? (File.Exists("/usr/local/bin/pg_ctl") ? "/usr/local/bin" : null);

    private static PostgresServer Start()
    {
        var bin = BinFolder ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: apt-get install -y postgresql (.ci/run installs it).");
        var parent = Path.Combine(Path.GetTempPath(), "planworkspace-postgres");
        RemoveStopped(parent);
        var folder = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = new PostgresServer(folder, bin, FreePort());
        if (IsRoot)
        {
            // The postgres user must reach and own its folder (temporary folders are often 700).
            Run("chmod", "755", Path.GetDirectoryName(folder)!, folder);
            Run("chown", "postgres:postgres", folder);
        }
        server.RunServerTool("initdb", "-D", server.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        server.RunServerTool("pg_ctl", "-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private string Data => Path.Combine(_folder, "data");

    // Folders of earlier runs whose server is no longer running (a run cut short leaves them).
    private static void RemoveStopped(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }
        foreach (var stale in Directory.GetDirectories(parent).Where(d => !File.Exists(Path.Combine(d, "data", "postmaster.pid"))))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run's, or still in use; left for the temp cleaner.
            }
        }
    }

    private void Stop()
    {
        try
        {
            RunServerTool("pg_ctl", "-D", Data, "-m", "immediate", "-w", "-t", "30", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already gone; nothing to stop.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temp cleaner gets it.
        }
    }

    public string Log() => File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : string.Empty;

    private static bool IsRoot => Environment.UserName == "root";

    // PostgreSQL refuses to run as root: there, run its tools as the postgres user.
    private void RunServerTool(string tool, params string[] args) =>
        Run(IsRoot ? "runuser" : Path.Combine(_bin, tool), IsRoot ? ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args] : args);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 90 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
