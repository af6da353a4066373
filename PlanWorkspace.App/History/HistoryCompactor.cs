using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.History;

/// <summary>
/// Keeps histories compact off the edit path: every <see cref="HistoryOptions.CompactionPollInterval"/>
/// it indexes checkpoints and packs old ops of the sections that grew (ADR-007). The edit path
/// never waits for it; a failure is logged and retried with back-off, and never stops the host.
/// </summary>
public sealed class HistoryCompactor(HistoryStore store, IOptions<HistoryOptions> options, TimeProvider clock, ILogger<HistoryCompactor> logger) : BackgroundService
{
    /// <summary>
    /// One pass over every section that has work, at most one block each (a backlog is spread over
    /// ticks rather than competing with live editing at once); returns the number of blocks written.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default) => (await PassAsync(ct)).Blocks;

    private async Task<(int Blocks, int Failed)> PassAsync(CancellationToken ct)
    {
        var (blocks, failed) = (0, 0);
        foreach (var sectionId in await store.SectionsToCompactAsync(ct))
        {
            try
            {
                if (await store.CompactAsync(sectionId, ct))
                {
                    blocks++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                logger.LogError(e, "Section {SectionId}: compacting the history failed; it will be retried.", sectionId);
            }
        }
        return (blocks, failed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CompactionPollInterval;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(failures == 0 ? interval : Backoff(interval, options.Value.CompactionMaxBackoff, failures), clock, stoppingToken);
                // A section that failed (its own error is logged) backs the next pass off as well.
                failures = (await PassAsync(stoppingToken)).Failed > 0 ? Math.Min(failures + 1, 30) : 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A stalled or locked database (a backup, another process, a long transaction) must
                // not stop the host: BackgroundService's default is StopHost, which drops every user.
                // Compaction is never urgent, so wait longer after each failure and try again.
                failures = Math.Min(failures + 1, 30);
                logger.LogError(e, "Compacting histories failed ({Failures} in a row); retrying in {Delay}.",
                    failures, Backoff(interval, options.Value.CompactionMaxBackoff, failures));
            }
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: the poll interval doubled each time, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(TimeSpan interval, TimeSpan max, int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures, 0, 30));
        var ticks = Math.Min(interval.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks(Math.Max((long)ticks, interval.Ticks));
    }
}
