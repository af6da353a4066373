using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PlanWorkspace.Bench.Load;

/// <summary>
/// The App as its own operating-system process on a loopback port (so it can be killed with
/// SIGKILL and restarted on the same database), in Development so demo accounts exist.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The App's processor time so far (user and system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts the built App (<paramref name="appDll"/>) on <paramref name="databasePath"/> and waits until it serves.</summary>
    public static async Task<AppProcess> StartAsync(string appDll, string databasePath, TimeSpan timeout, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(appDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Plan"] = $"Data Source={databasePath}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        if (Environment.GetEnvironmentVariable("LOAD_APP_LOG") is { } appLog)
        {
            info.RedirectStandardOutput = false;
            info.RedirectStandardError = false;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        if (info.RedirectStandardOutput)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }
            try
            {
                var response = await client.GetAsync(new Uri(app.BaseAddress, "account/login"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too busy starting to answer within the probe's timeout
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        string log;
        lock (output)
        {
            log = output.ToString();
        }
        throw new InvalidOperationException($"The app did not start within {timeout.TotalSeconds:N0} s:\n{log}");
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>The App's build output next to the given build of a sibling project (Debug or Release).</summary>
    public static string LocateAppDll(string repoRoot, string configuration) =>
        Path.Combine(repoRoot, "PlanWorkspace.App", "bin", configuration, "net10.0", "PlanWorkspace.App.dll");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
