using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Load;

/// <summary>
/// <c>load --clients N --sections N --rate R --seconds S [--warmup 3] [--url URL --db FILE]
/// [--instances N --database sqlite|postgres --kill-instance-at S]</c>: N real SignalR editors type
/// random edits at R per second each into S sections of the App (started as its own process on a
/// fresh SQLite file unless --url is given; with --database postgres the bench starts PostgreSQL,
/// with several instances Redis too, and spreads the editors over the instances; with
/// --kill-instance-at it kills the last instance with SIGKILL at that second, and its editors move
/// to the first one and send again), then every replica, the server and the op log are compared.
/// Prints one JSON line last; a lost edit or a divergence exits 1.
/// </summary>
public static partial class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: PlanWorkspace.Bench load --clients 200 --sections 1 --rate 1 --seconds 30 [--url http://host:port/ --db path/to/plan.db] [--instances 2 --database postgres --kill-instance-at 10]");
            return 2;
        }

        var temp = Path.Combine(Path.GetTempPath(), "planworkspace-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var databasePath = options.Database ?? Path.Combine(temp, "plan.db");
        var apps = new List<AppProcess>();
        ClusterServices? services = null;
        try
        {
            List<Uri> addresses;
            Func<DbConnection> openLog;
            if (options.Url is { } url)
            {
                addresses = [url];
                openLog = () => new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
            }
            else
            {
                var dll = await BuildAppAsync();
                var settings = new Dictionary<string, string>
                {
                    ["LoadTest__Users"] = options.Clients.ToString(CultureInfo.InvariantCulture),
                    ["LoadTest__Sections"] = options.Sections.ToString(CultureInfo.InvariantCulture),
                };
                if (options.Postgres)
                {
                    Console.Error.WriteLine(options.Instances > 1 ? "starting PostgreSQL and Redis…" : "starting PostgreSQL…");
                    services = ClusterServices.Start(postgres: true, redis: options.Instances > 1);
                    settings["Database__Provider"] = "Postgres";
                    settings["ConnectionStrings__Plan"] = services.PostgresConnectionString;
                    if (options.Instances > 1)
                    {
                        settings["Redis__Configuration"] = services.RedisConfiguration;
                    }
                    var connectionString = services.PostgresConnectionString;
                    openLog = () => new NpgsqlConnection(connectionString);
                }
                else
                {
                    openLog = () => new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
                }
                // One after the other: the first migrates and seeds the database.
                for (var i = 0; i < options.Instances; i++)
                {
                    Console.Error.WriteLine($"starting instance {i + 1} of the App with {options.Clients} generated users…");
                    apps.Add(await AppProcess.StartAsync(dll, databasePath, TimeSpan.FromMinutes(5), settings));
                }
                addresses = apps.ConvertAll(a => a.BaseAddress);
            }
            var result = await RunLoadAsync(options, addresses, apps, openLog);
            Console.WriteLine(JsonSerializer.Serialize(result));
            return result.Lost == 0 && result.Converged ? 0 : 1;
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
            services?.Dispose();
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // left for the OS temp cleaner
            }
        }
    }

    private static async Task<LoadResult> RunLoadAsync(Options options, List<Uri> addresses, List<AppProcess> apps, Func<DbConnection> openLog)
    {
        using var setup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var app = apps.FirstOrDefault();
        var idleWorkingSet = app?.WorkingSetBytes ?? 0;
        // With a kill, the last instance dies; its editors then move to the first.
        var victim = options.KillAt is not null && apps.Count > 1 ? apps.Count - 1 : -1;
        Console.Error.WriteLine("signing in and connecting…");
        var editors = new RemoteEditor[options.Clients];
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async i =>
            {
                await gate.WaitAsync(setup.Token);
                try
                {
                    // Spread like a load balancer would: editor i on instance i mod N.
                    var instance = i % addresses.Count;
                    var cookies = await SignInForm.SignInAsync(addresses[instance], $"load{i + 1}@plan.local", "Plan!2025", setup.Token);
                    editors[i] = await RemoteEditor.ConnectAsync(addresses[instance], cookies, 1 + (i % options.Sections), setup.Token);
                    // Like the browser: a lost connection is opened again, to another instance when its own was killed.
                    editors[i].Fallback = instance == victim ? addresses[0] : addresses[instance];
                    // What waits for a slow ack is sent as one update: the tool's CPU stays flat when the server is slow.
                    editors[i].ComposeUnsent = true;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        if (app is not null)
        {
            Console.Error.WriteLine($"server working set: {idleWorkingSet / 1048576.0:N1} MB idle, {app.WorkingSetBytes / 1048576.0:N1} MB with {options.Clients} editors connected " +
                $"({(app.WorkingSetBytes - idleWorkingSet) / 1024.0 / options.Clients:N0} KB per editor)");
        }
        Console.Error.WriteLine($"typing for {options.Warmup} s (warm-up, not measured), then {options.Seconds} s…");
        // Like the transport floor's load generator: the same load runs for a warm-up first, and
        // only pushes sent after it count (JIT, connection pools and caches are warm by then).
        var cpuBefore = apps.Sum(a => a.CpuTime.TotalSeconds);
        var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(options.Warmup * (double)Stopwatch.Frequency);
        double victimCpu = 0;
        long victimLostRaces = 0;
        var killer = victim < 0 ? Task.CompletedTask : Task.Run(async () =>
        {
            // At second S of the measured run (after the warm-up).
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup + options.KillAt!.Value));
            // Its counters die with it: read them just before.
            victimLostRaces = await LostRacesAsync(apps[victim]);
            victimCpu = apps[victim].CpuTime.TotalSeconds;
            Console.Error.WriteLine($"killing instance {victim + 1} (SIGKILL) at {options.KillAt} s…");
            apps[victim].Kill();
        });
        var stop = DateTime.UtcNow.AddSeconds(options.Warmup + options.Seconds);
        var interval = TimeSpan.FromSeconds(1 / options.Rate);
        // Like the browser: typing goes on at its own pace, and a push goes out whenever there is
        // something unconfirmed and no push is in flight, carrying everything typed meanwhile.
        await Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            using var typed = new SemaphoreSlim(0);
            var typing = true;
            var pusher = Task.Run(async () =>
            {
                while (typing || editor.Unconfirmed > 0)
                {
                    await typed.WaitAsync(TimeSpan.FromMilliseconds(100));
                    await editor.PushAsync(CancellationToken.None);
                }
            });
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * interval.TotalMilliseconds));
            var next = Stopwatch.GetTimestamp();
            while (DateTime.UtcNow < stop)
            {
                editor.Edit((_, length) => RandomEdit(random, length));
                typed.Release();
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
            typing = false;
            await pusher;
        })));
        await killer;

        Console.Error.WriteLine("flushing and comparing…");
        using var flush = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var editor in editors)
        {
            await editor.PushAsync(flush.Token);
        }
        var finalVersions = new Dictionary<int, (string Text, int Version)>();
        foreach (var sectionId in editors.Select(e => e.SectionId).Distinct())
        {
            finalVersions[sectionId] = OpLogReader.Replay(openLog, sectionId);
        }
        var converged = true;
        foreach (var editor in editors)
        {
            var (text, version) = finalVersions[editor.SectionId];
            try
            {
                await editor.WaitForVersionAsync(version, TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                converged = false;
            }
            if (editor.Unconfirmed != 0 || editor.Text != text)
            {
                converged = false;
                Console.Error.WriteLine($"replica {editor.ClientId[..8]}: version {editor.Version}/{version}, unconfirmed {editor.Unconfirmed}, text {(editor.Text == text ? "equal" : "differs")}");
            }
        }

        var opsByClient = OpLogReader.CountOpsByClient(openLog);
        // Each update an editor made (its edits, composed while an ack was slow) is one op-log row.
        foreach (var editor in editors.Where(e => opsByClient.GetValueOrDefault(e.ClientId) != e.Updates))
        {
            Console.Error.WriteLine($"client {editor.ClientId[..8]}: {editor.Edits} edits in {editor.Updates} updates, {opsByClient.GetValueOrDefault(editor.ClientId)} in the op log");
        }
        var lost = editors.Sum(e => Math.Max(0, e.Updates - opsByClient.GetValueOrDefault(e.ClientId)));
        var measured = editors.SelectMany(e => e.AckSamples).Where(s => s.Started >= measureFrom).ToArray();
        var latencies = measured.Select(s => s.Milliseconds).Order().ToArray();
        WriteWindows(measured, measureFrom);
        var broadcast = BroadcastLatencies(editors, measureFrom).Order().ToArray();
        var workingSetMb = app is null ? 0 : app.WorkingSetBytes / (1024.0 * 1024.0);
        // The server's CPU for the whole run (warm-up, typing and flushing) per thousand acknowledged edits.
        var acked = editors.Sum(e => e.Acked);
        var cpuAfter = apps.Select((a, i) => i == victim ? victimCpu : a.CpuTime.TotalSeconds).Sum();
        var cpuPerThousand = app is null || acked == 0 ? 0 : (cpuAfter - cpuBefore) * 1000 / acked;
        long retries = victimLostRaces;
        for (var i = 0; i < apps.Count; i++)
        {
            retries += i == victim ? 0 : await LostRacesAsync(apps[i]);
        }
        var ackedPerSecond = measured.Sum(s => s.Accepted) / (double)options.Seconds;
        Console.Error.WriteLine($"load tool CPU: {(Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalSeconds:N1} s, server CPU: {cpuAfter - cpuBefore:N1} s");
        Console.Error.WriteLine($"acknowledged edits per second: {ackedPerSecond:N0}; behind-and-retried pushes: {editors.Sum(e => e.BehindRetries)}; " +
            $"transient refusals sent again: {editors.Sum(e => e.TransientRetries)}");
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
        return new LoadResult(
            options.Clients, options.Sections,
            editors.Sum(e => e.Edits), editors.Sum(e => e.Acked), lost,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            Percentile(broadcast, 0.95), Math.Round(workingSetMb, 1), converged,
            Percentile(latencies, 0.99), editors.Sum(e => e.Dropped), Math.Round(cpuPerThousand, 3), Math.Round(ackedPerSecond, 1),
            Math.Max(1, apps.Count), retries, editors.Sum(e => e.Reconnects));
    }

    // Commits that lost the race for their versions on one instance (Development load-test endpoint).
    private static ChangeSet? RandomEdit(Random random, int length)
    {
        var pos = random.Next(length + 1);
        if (length > 200 && random.Next(5) == 0)
        {
            var to = Math.Min(length, pos + random.Next(1, 3));
            return to > pos ? ChangeSet.Of(length, pos, to, "") : null;
        }
        const string alphabet = "가나다라마바사아자차카타파하 abcdefg";
        return ChangeSet.Of(length, pos, pos, alphabet[random.Next(alphabet.Length)].ToString());
    }

    private static async Task<string> BuildAppAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PlanWorkspace.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("PlanWorkspace.sln not found");
        }
        Console.Error.WriteLine("building the App (Release)…");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "-v", "q", "--nologo", Path.Combine(root, "PlanWorkspace.App")])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("building the App failed:\n" + output);
        }
        return AppProcess.LocateAppDll(root, "Release");
    }

    private sealed record Options(int Clients, int Sections, double Rate, int Seconds, Uri? Url, string? Database, int Warmup,
        int Instances = 1, bool Postgres = false, int? KillAt = null)
    {
        public static Options? Parse(string[] args)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
                }
                values[args[i][2..]] = args[i + 1];
            }
            int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var options = new Options(
                Int("clients", 200), Int("sections", 1),
                values.TryGetValue("rate", out var rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : 1,
                Int("seconds", 30),
                values.TryGetValue("url", out var url) ? new Uri(url) : null,
                values.GetValueOrDefault("db"),
                Int("warmup", 3))
            {
                Instances = Int("instances", 1),
                Postgres = values.GetValueOrDefault("database", "sqlite") switch { "postgres" => true, "sqlite" => false, _ => throw new ArgumentException("--database is sqlite or postgres") },
                KillAt = values.ContainsKey("kill-instance-at") ? Int("kill-instance-at", 0) : null,
            };
            // Several instances need the shared database (and the bench's own processes to kill).
            return options is { Clients: > 0, Sections: > 0 and <= 100, Rate: > 0, Seconds: > 0, Warmup: >= 0, Instances: >= 1 and <= 4 }
                && (options.Url is null || (options.Database is not null && options.Instances == 1 && !options.Postgres))
                && (options.Instances == 1 || options.Postgres)
                && (options.KillAt is null || (options.KillAt > 0 && options.KillAt < options.Seconds))
                ? options : null;
        }
    }
}
