using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PlanWorkspace.Bench.Traces;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Rebase;

/// <summary>
/// <c>rebase [--grid 500x2000,1000x4000,...] [--stepwise-max-pairs N] [--seed S] [--crossing]</c>: a chair's
/// offline branch (pending) merged over the others' (missed) through
/// <see cref="DocumentAuthority.Receive"/>, one JSON line per grid point: time and allocation of
/// the merge (median of three runs), crossings mapped for real, and whether the authority and the chair's replica agree;
/// also the stepwise fold's time where it has at most N crossings (default 4,000,000). With
/// <c>--crossing</c>, one of the others rewrites its way through the chair's spot (see
/// <see cref="OfflineBranches.Generate"/>).
/// </summary>
public static class RebaseCommand
{
    public static int Run(string[] args)
    {
        var grid = "500x2000,1000x4000,2500x10000,5000x20000";
        long stepwiseMax = 4_000_000;
        var seed = 42;
        var crossing = false;
        for (var a = 0; a < args.Length; a += 2)
        {
            if (args[a] == "--crossing")
            {
                crossing = true;
                a--;
                continue;
            }
            if (a + 1 >= args.Length)
            {
                Console.Error.WriteLine($"option {args[a]} needs a value");
                return 2;
            }
            switch (args[a])
            {
                case "--grid": grid = args[a + 1]; break;
                case "--stepwise-max-pairs": stepwiseMax = long.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[a]}");
                    return 2;
            }
        }

        // Warm-up: let tiered compilation reach optimised code on cases of each kind.
        for (var run = 0; run < 6; run++)
        {
            var warm = OfflineBranches.Generate(1000, 4000, run, crossing: run % 2 == 0);
            Merge(warm, stepwiseOnly: false);
            Merge(OfflineBranches.Generate(100, 400, run), stepwiseOnly: true);
            Thread.Sleep(50);
        }

        var failed = false;
        foreach (var point in grid.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = point.Split('x');
            int n = int.Parse(parts[0], CultureInfo.InvariantCulture), m = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var branches = OfflineBranches.Generate(n, m, seed, crossing);
            // The median of three runs: the machine is shared, single runs vary.
            var runs = Enumerable.Range(0, 3).Select(_ => Merge(branches, stepwiseOnly: false)).OrderBy(r => r.Ms).ToList();
            var (ms, allocated, text) = runs[1];


            // The chair's replica: its own updates, then the missed ones mapped over them.
            var push = branches.Pending.Select(c => new ClientUpdate(c, "chair")).ToList();
            var transform = RegionRebase.TryTransform(push, branches.Missed)!;
            var chair = branches.BaseText;
            foreach (var changes in branches.Pending.Concat(transform.Missed))
            {
                chair = changes.Apply(chair);
            }
            var converged = chair == text;

            double? stepwiseMs = null;
            if ((long)n * m <= stepwiseMax)
            {
                var (slowMs, _, slowText) = Merge(branches, stepwiseOnly: true);
                stepwiseMs = slowMs;
                converged &= slowText == text;
            }
            failed |= !converged;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                crossing,
                pending = n,
                missed = m,
                ms = Math.Round(ms, 1),
                allocatedMB = Math.Round(allocated / 1048576.0, 1),
                pairsMapped = transform.Pairs,
                pairsStepwise = (long)n * m,
                tiles = transform.Tiles,
                stepwiseMs = stepwiseMs is null ? (double?)null : Math.Round(stepwiseMs.Value, 1),
                converged,
            }));
        }
        return failed ? 1 : 0;
    }

    // Accepts the missed updates one by one (as they were live), then times the chair's push.
    private static (double Ms, long Allocated, string Text) Merge(OfflineBranches branches, bool stepwiseOnly)
    {
        var authority = new DocumentAuthority(branches.BaseText) { StepwiseOnly = stepwiseOnly };
        var batch = new ClientUpdate[1];
        foreach (var changes in branches.Missed)
        {
            batch[0] = new ClientUpdate(changes, "other");
            authority.Receive(authority.Version, batch, "other", DateTimeOffset.UnixEpoch);
        }
        var push = branches.Pending.Select(c => new ClientUpdate(c, "chair")).ToList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var result = authority.Receive(0, push, "chair", DateTimeOffset.UnixEpoch);
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (result.Behind || result.Accepted.Count != push.Count)
        {
            throw new InvalidOperationException("The chair's push was not accepted whole.");
        }
        return (stopwatch.Elapsed.TotalMilliseconds, allocated, authority.Text);
    }
}
