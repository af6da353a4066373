using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PlanWorkspace.Bench.Traces;

if (args is ["load", ..])
{
    return await PlanWorkspace.Bench.Load.LoadCommand.RunAsync(args[1..]);
}

if (args is ["consult", ..])
{
    return await PlanWorkspace.Bench.Consult.ConsultCommand.RunAsync(args[1..]);
}

if (args is ["rebase", ..])
{
    return PlanWorkspace.Bench.Rebase.RebaseCommand.Run(args[1..]);
}

if (args is ["history", ..])
{
    return await PlanWorkspace.Bench.History.HistoryCommand.RunAsync(args[1..]);
}

// Replays an editing trace through the document authority and reports, as the last line, one
// JSON object with the timing and allocations of a measured run taken after warm-up runs.
// Exits 1 when the replay does not reach the trace's endContent, 2 on bad arguments.
if (args is not ["replay", var path])
{
    Console.Error.WriteLine("usage: PlanWorkspace.Bench replay <trace.json.gz> | history <trace.json.gz> | consult [--messages N --readers N --seconds S] | load --clients N --sections N --rate R --seconds S");
    return 2;
}

if (!File.Exists(path))
{
    Console.Error.WriteLine($"trace not found: {path}");
    return 2;
}

var trace = EditTrace.Load(path);

// Warm-up runs let tiered compilation reach its optimised code (and the background compiler
// finish) before the measured run; short traces get more of them.
var warmUps = Math.Clamp(600_000 / Math.Max(1, trace.PatchCount), 3, 40);
for (var run = 0; run < warmUps; run++)
{
    var warmUp = TraceReplay.Replay(trace);
    if (!warmUp.EndsWith(trace.EndContent))
    {
        Console.Error.WriteLine("warm-up replay did not reach endContent");
    }

    Thread.Sleep(run < 3 ? 100 : 0);
}

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();

var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var pauseBefore = GC.GetTotalPauseDuration();
var gcsBefore = GC.CollectionCount(0);
var stopwatch = Stopwatch.StartNew();
var result = TraceReplay.Replay(trace);
stopwatch.Stop();
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
var endMatches = result.EndsWith(trace.EndContent);
var gcPause = GC.GetTotalPauseDuration() - pauseBefore;
var gcs = GC.CollectionCount(0) - gcsBefore;

if (!endMatches)
{
    // Say where each replica went wrong, so a failure can be investigated from the output.
    foreach (var text in new[] { result.Authority.Text }.Concat(result.Clients.Select(c => c.Text)))
    {
        var at = 0;
        while (at < text.Length && at < trace.EndContent.Length && text[at] == trace.EndContent[at])
        {
            at++;
        }

        Console.Error.WriteLine($"length {text.Length} (expected {trace.EndContent.Length}), first difference at {at}: \"{Excerpt(text, at)}\" instead of \"{Excerpt(trace.EndContent, at)}\"");
    }
}

var ms = stopwatch.Elapsed.TotalMilliseconds;
var report = new Dictionary<string, object>
{
    ["trace"] = trace.Name,
    ["edits"] = trace.PatchCount,
    ["agents"] = trace.NumAgents,
    ["ms"] = Math.Round(ms, 2),
    ["editsPerSecond"] = Math.Round(trace.PatchCount / stopwatch.Elapsed.TotalSeconds),
    ["allocatedBytes"] = allocated,
    ["endMatches"] = endMatches,
};
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed {trace.Name}: {trace.PatchCount} edits ({trace.Txns.Count} transactions) in {ms:F1} ms, {gcs} GCs pausing {gcPause.TotalMilliseconds:F1} ms"));
Console.WriteLine(JsonSerializer.Serialize(report));
return endMatches ? 0 : 1;

static string Excerpt(string text, int at)
{
    var from = Math.Max(0, at - 20);
    return text.Substring(from, Math.Min(text.Length, at + 40) - from);
}
