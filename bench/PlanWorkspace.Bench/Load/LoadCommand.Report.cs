using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace PlanWorkspace.Bench.Load;

// What a load run reports: the JSON line, the latencies it summarises, and the server's own counts.
public static partial class LoadCommand
{
    private static async Task<long> LostRacesAsync(AppProcess app)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var metrics = await client.GetFromJsonAsync<JsonElement>(new Uri(app.BaseAddress, "load-test/drafting-metrics"));
            return metrics.GetProperty("lostRaces").GetInt64();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"the lost races of {app.BaseAddress} could not be read: {e.Message}");
            return 0;
        }
    }

    // The ack p95 of each 5 s of the measured window, on stderr: shows whether a run's tail comes
    // from its first seconds (the JIT still optimising the hot path) or from all of it.
    private static void WriteWindows(AckSample[] measured, long measureFrom)
    {
        var windows = measured
            .GroupBy(s => (int)((s.Started - measureFrom) / (5 * Stopwatch.Frequency)))
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key * 5}s: {Percentile(g.Select(s => s.Milliseconds).Order().ToArray(), 0.95)}");
        Console.Error.WriteLine($"ack p95 per 5 s: {string.Join(", ", windows)}");
    }

    // For each update another client received: from the moment its author sent the push to the arrival.
    private static IEnumerable<double> BroadcastLatencies(RemoteEditor[] editors, long measureFrom)
    {
        var sent = new Dictionary<(int Section, int Version), long>();
        foreach (var editor in editors)
        {
            foreach (var (version, started) in editor.PushedVersions)
            {
                sent[(editor.SectionId, version)] = started;
            }
        }
        foreach (var editor in editors)
        {
            foreach (var (version, received) in editor.ReceivedAt)
            {
                if (sent.TryGetValue((editor.SectionId, version), out var started) && started >= measureFrom && received >= started
                    && !editor.PushedVersions.ContainsKey(version))
                {
                    yield return Stopwatch.GetElapsedTime(started, received).TotalMilliseconds;
                }
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);

    private sealed record LoadResult(
        [property: System.Text.Json.Serialization.JsonPropertyName("clients")] int Clients,
        [property: System.Text.Json.Serialization.JsonPropertyName("sections")] int Sections,
        [property: System.Text.Json.Serialization.JsonPropertyName("pushed")] int Pushed,
        [property: System.Text.Json.Serialization.JsonPropertyName("acked")] int Acked,
        [property: System.Text.Json.Serialization.JsonPropertyName("lost")] int Lost,
        [property: System.Text.Json.Serialization.JsonPropertyName("p50Ms")] double P50Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("p95Ms")] double P95Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("p99Ms")] double P99Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("broadcastP95Ms")] double BroadcastP95Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("serverWorkingSetMb")] double ServerWorkingSetMb,
        [property: System.Text.Json.Serialization.JsonPropertyName("converged")] bool Converged,
        [property: System.Text.Json.Serialization.JsonPropertyName("ackP99Ms")] double AckP99Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("timeouts")] int Timeouts,
        [property: System.Text.Json.Serialization.JsonPropertyName("serverCpuSecondsPer1000Acked")] double ServerCpuSecondsPer1000Acked,
        [property: System.Text.Json.Serialization.JsonPropertyName("ackedPerSecond")] double AckedPerSecond,
        [property: System.Text.Json.Serialization.JsonPropertyName("instances")] int Instances,
        [property: System.Text.Json.Serialization.JsonPropertyName("retries")] long Retries,
        [property: System.Text.Json.Serialization.JsonPropertyName("reconnects")] int Reconnects);
}
