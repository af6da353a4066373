using System.Collections.Concurrent;
using PlanWorkspace.Bench.Traces;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// Replays the real keystroke traces in ../shared/traces (josephg/editing-traces, CC BY 4.0)
/// through the authority, with the benchmark's own loader and replayer.
/// </summary>
public sealed class TraceReplayTests
{
    private const string Concurrent = "friendsforever.concurrent";

    // The one region of friendsforever where OT's order depends on delivery (see
    // TraceReplay.DefaultSeed): ", huh?" and " The whole " typed on either side of a deleted
    // character at 3798. Outside it, every schedule must give endContent.
    private const int TieStart = 3798;
    private const int TieEnd = 3830;

    private static readonly ConcurrentDictionary<string, EditTrace> _traces = new();

    [Theory]
    [InlineData("automerge-paper", 259_778)]
    [InlineData("seph-blog1", 137_993)]
    [InlineData("sveltecomponent", 19_749)]
    [InlineData("friendsforever_flat", 26_078)]
    public void SequentialTraceReplaysToItsEndContentExactly(string name, int edits)
    {
        var trace = Load(name);

        var result = TraceReplay.ReplaySequential(trace);

        Assert.Equal(edits, trace.PatchCount);
        Assert.Equal(trace.Txns.Count, result.Authority.Version);
        Assert.True(result.Authority.Text == trace.EndContent, FirstDifference(result.Authority.Text, trace.EndContent));
    }

    [Fact]
    public void NonAsciiTraceIsReplayedInUtf16Positions()
    {
        var trace = Load("seph-blog1");

        var result = TraceReplay.ReplaySequential(trace);

        Assert.Contains(trace.Txns, txn => txn.Patches.Any(p => p.Insert.Any(c => c > 0x7F)));
        Assert.Equal(trace.EndContent.Length, result.Authority.Length);
    }

    [Fact]
    public void ConcurrentTraceReplicasAllEndWithEndContentUnderTheDefaultSchedule()
    {
        var trace = Load(Concurrent);

        var result = TraceReplay.Replay(trace);

        Assert.Equal(2, result.Clients.Count);
        Assert.True(result.Authority.Text == trace.EndContent, FirstDifference(result.Authority.Text, trace.EndContent));
        Assert.All(result.Clients, client => Assert.Equal(trace.EndContent, client.Text));
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.3)]
    [InlineData(4, 1.0)]
    public void ConcurrentTraceReplicasConvergeUnderEveryDeliverySchedule(int seed, double pushProbability)
    {
        var trace = Load(Concurrent);

        var result = TraceReplay.ReplayConcurrent(trace, seed, pushProbability);

        var text = result.Authority.Text;
        Assert.All(result.Clients, client => Assert.Equal(text, client.Text));
        Assert.Equal(trace.EndContent.Length, text.Length);
        Assert.Equal(trace.EndContent[..TieStart], text[..TieStart]);
        Assert.Equal(trace.EndContent[TieEnd..], text[TieEnd..]);
        Assert.Equal(trace.EndContent[TieStart..TieEnd].Order(), text[TieStart..TieEnd].Order());
    }

    [Fact]
    public void EveryTraceInTheSharedFolderIsCovered()
    {
        var files = Directory.GetFiles(RequireTraceFolder(), "*.json.gz").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            ["automerge-paper.json.gz", "friendsforever.concurrent.json.gz", "friendsforever_flat.json.gz", "seph-blog1.json.gz", "sveltecomponent.json.gz"],
            files);
    }

    private static EditTrace Load(string name) =>
        _traces.GetOrAdd(name, n => EditTrace.Load(Path.Combine(RequireTraceFolder(), n + ".json.gz")));

    // A missing folder fails loudly: these tests are the proof on real data and must not vanish.
    private static string RequireTraceFolder()
    {
        var folder = RepositoryPaths.Traces;
        if (!Directory.Exists(folder))
        {
            Assert.Fail($"The editing traces are missing: expected them in {folder} (../shared/traces beside the repository; see its README).");
        }

        return folder;
    }

    private static string FirstDifference(string actual, string expected)
    {
        var i = 0;
        while (i < actual.Length && i < expected.Length && actual[i] == expected[i])
        {
            i++;
        }

        return $"texts differ at {i} (lengths {actual.Length} and {expected.Length}): got \"{Excerpt(actual, i)}\", expected \"{Excerpt(expected, i)}\"";
    }

    private static string Excerpt(string text, int at) =>
        text.Substring(Math.Max(0, at - 20), Math.Min(text.Length, at + 20) - Math.Max(0, at - 20));
}
