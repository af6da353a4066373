using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PlanWorkspace.Bench.Load;

/// <summary>
/// The services of a several-instance run, started by the bench itself on loopback from Debian's
/// packages (as the tests' fixtures do): a throwaway PostgreSQL (initdb into a temp folder, run as
/// the <c>postgres</c> user when root) and a Redis that saves nothing. Stopped and removed on dispose.
/// </summary>
public sealed class ClusterServices : IDisposable
{
    private readonly string _folder;
    private readonly string? _pgBin;
    private bool _postgres;
    private bool _redis;

    private ClusterServices(string folder, string? pgBin)
    {
        _folder = folder;
        _pgBin = pgBin;
    }

    public int PostgresPort { get; private set; }
    public int RedisPort { get; private set; }

    public string PostgresConnectionString =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=plan;Timeout=15;Command Timeout=60;Maximum Pool Size=60";

    public string RedisConfiguration => $"127.0.0.1:{RedisPort}";

    public static ClusterServices Start(bool postgres, bool redis)
    {
        var folder = Path.Combine(Path.GetTempPath(), "planworkspace-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        var services = new ClusterServices(folder, pgBin);
        try
        {
            if (postgres)
            {
                services.StartPostgres();
            }
            if (redis)
            {
                services.StartRedis();
            }
        }
        catch
        {
            services.Dispose();
            throw;
        }
        return services;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private void StartPostgres()
    {
        var bin = _pgBin ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql.");
        if (IsRoot)
        {
            Run("chmod", "755", Path.GetDirectoryName(_folder)!, _folder);
            Run("chown", "postgres:postgres", _folder);
        }
        PostgresPort = FreePort();
        var data = Path.Combine(_folder, "data");
        ServerTool(bin, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        ServerTool(bin, "pg_ctl", "-D", data, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60", "-o",
            $"-p {PostgresPort} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        _postgres = true;
        ServerTool(bin, "psql", "-h", "127.0.0.1", "-p", PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-c", "CREATE DATABASE plan");
    }

    private void StartRedis()
    {
        RedisPort = FreePort();
        Run("redis-server", "--bind", "127.0.0.1", "--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--dir", _folder, "--pidfile", Path.Combine(_folder, "redis.pid"), "--logfile", Path.Combine(_folder, "redis.log"));
        _redis = true;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var client = new TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, RedisPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new InvalidOperationException("redis-server did not start listening.");
    }

    public void Dispose()
    {
        if (_redis && File.Exists(Path.Combine(_folder, "redis.pid"))
            && int.TryParse(File.ReadAllText(Path.Combine(_folder, "redis.pid")).Trim(), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        if (_postgres)
        {
            try
            {
                ServerTool(_pgBin!, "pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "-t", "30", "stop");
            }
            catch (InvalidOperationException)
            {
                // already stopped
            }
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left for the temp cleaner
        }
    }

    // PostgreSQL refuses to run as root: there, its tools run as the postgres user.
    private static void ServerTool(string bin, string tool, params string[] args) =>
        Run(IsRoot ? "runuser" : Path.Combine(bin, tool), IsRoot ? ["-u", "postgres", "--", Path.Combine(bin, tool), .. args] : args);

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
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish in 120 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
