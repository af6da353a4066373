using PlanWorkspace.Domain.Outcomes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.Export;

/// <summary>
/// Keeps PDF export from exhausting the server: at most <see cref="ExportOptions.PdfConcurrency"/>
/// Chromium processes at once with a short queue behind them, and at most
/// <see cref="ExportOptions.PdfPerPersonPerMinute"/> requests per person (a sliding minute).
/// Refusals are <see cref="ExportRefusedException"/>s carrying a <see cref="Refusal"/>.
/// </summary>
public sealed class PdfExportGate : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrencyLimiter _jobs;
    private readonly PartitionedRateLimiter<int> _perPerson;

    public PdfExportGate(IOptions<ExportOptions> options)
    {
        var o = options.Value;
        _jobs = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Clamp(o.PdfConcurrency, 1, 16),
            QueueLimit = Math.Clamp(o.PdfQueueLength, 0, 100),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var perMinute = Math.Clamp(o.PdfPerPersonPerMinute, 1, 1000);
        _perPerson = PartitionedRateLimiter.Create<int, int>(personId => RateLimitPartition.GetSlidingWindowLimiter(personId, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Counts one PDF request for the person, or refuses it (<see cref="Refusals.Export.PdfTooMany"/>, HTTP 429).</summary>
    public void CountRequest(int personId)
    {
        using var lease = _perPerson.AttemptAcquire(personId);
        if (!lease.IsAcquired)
        {
            throw new ExportRefusedException(Refusals.Export.PdfTooMany, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : Window / 6, StatusCodes.Status429TooManyRequests);
        }
    }

    /// <summary>Waits for a printing slot (in the bounded queue), or refuses at once when the queue is full (<see cref="Refusals.Export.PdfBusy"/>, HTTP 503).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        var lease = await _jobs.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ExportRefusedException(Refusals.Export.PdfBusy, TimeSpan.FromSeconds(10), StatusCodes.Status503ServiceUnavailable);
        }
        return lease;
    }

    public void Dispose()
    {
        _jobs.Dispose();
        _perPerson.Dispose();
    }
}

/// <summary>An export refused for load (busy, or too many for this person); try again after <see cref="RetryAfter"/>.</summary>
public sealed class ExportRefusedException(Refusal refusal, TimeSpan retryAfter, int statusCode) : ExportUnavailableException(refusal)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>429 for a person over the rate, 503 when every slot is taken.</summary>
    public int StatusCode { get; } = statusCode;
}
