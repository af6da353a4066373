using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.History;

/// <summary>
/// Keeps histories compact off the edit path: every <see cref="HistoryOptions.CompactionPollInterval"/>
/// it indexes checkpoints and packs old ops of the sections that grew (ADR-007). The edit path
/// never waits for it; a failure is logged and retried on the next tick.
/// </summary>
public sealed class HistoryCompactor(HistoryStore store, IOptions<HistoryOptions> options, TimeProvider clock, ILogger<HistoryCompactor> logger) : BackgroundService
{
    /// <summary>
    /// One pass over every section that has work, at most one block each (a backlog is spread over
    /// ticks rather than competing with live editing at once); returns the number of blocks written.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var blocks = 0;
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
                logger.LogError(e, "Section {SectionId}: compacting the history failed; it will be retried.", sectionId);
            }
        }
        return blocks;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CompactionPollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
