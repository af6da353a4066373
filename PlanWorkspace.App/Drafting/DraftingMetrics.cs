using System.Diagnostics.Metrics;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// Counts of the edit path across instances (ADR-012): commits that lost the race for their
/// versions and were rebased and retried, and catch-ups on what other instances committed.
/// Published on the meter <c>PlanWorkspace.Drafting</c> (dotnet-counters, OpenTelemetry) and read
/// directly by the load bench.
/// </summary>
public sealed class DraftingMetrics : IDisposable
{
    public const string MeterName = "PlanWorkspace.Drafting";

    private readonly Meter _meter;
    private readonly Counter<long> _lostRaces;
    private readonly Counter<long> _caughtUp;
    private long _lostRaceCount;
    private long _caughtUpCount;

    public DraftingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _lostRaces = _meter.CreateCounter<long>("planworkspace.drafting.lost_races", description: "Commits that found their versions taken by another instance and were rebased and retried.");
        _caughtUp = _meter.CreateCounter<long>("planworkspace.drafting.caught_up_updates", description: "Updates another instance committed, appended to this instance's session.");
    }

    /// <summary>Lost races so far (each one a rebase and retry).</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaceCount);

    /// <summary>Updates taken over from other instances so far.</summary>
    public long CaughtUpUpdates => Interlocked.Read(ref _caughtUpCount);

    internal void LostRace()
    {
        Interlocked.Increment(ref _lostRaceCount);
        _lostRaces.Add(1);
    }

    internal void CaughtUp(int updates)
    {
        Interlocked.Add(ref _caughtUpCount, updates);
        _caughtUp.Add(updates);
    }

    public void Dispose() => _meter.Dispose();
}
