using Microsoft.Extensions.Options;
using PlanWorkspace.App.Export;
using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Tests.Export;

/// <summary>The PDF job queue and the per-person rate: over-limit requests are refused at once, with a message key and a retry hint.</summary>
public sealed class PdfExportGateTests
{
    private static PdfExportGate Gate(int concurrency = 1, int queue = 1, int perMinute = 5) =>
        new(Options.Create(new ExportOptions { PdfConcurrency = concurrency, PdfQueueLength = queue, PdfPerPersonPerMinute = perMinute }));

    [Fact]
    public async Task WhenEverySlotAndQueuePlaceIsTakenTheNextRequestIsRefusedAsBusy()
    {
        using var gate = Gate(concurrency: 1, queue: 1);
        var printing = await gate.EnterAsync(CancellationToken.None);
        var waiting = gate.EnterAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        var refusal = await Assert.ThrowsAsync<ExportRefusedException>(() => gate.EnterAsync(CancellationToken.None));
        Assert.Equal(Refusals.Export.PdfBusy.Code, refusal.Refusal.Code);
        Assert.Equal(503, refusal.StatusCode);

        printing.Dispose();
        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AWaitingRequestThatIsCancelledLeavesTheQueue()
    {
        using var gate = Gate(concurrency: 1, queue: 1);
        using var printing = await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        var again = gate.EnterAsync(CancellationToken.None); // the place is free again
        Assert.False(again.IsCompleted);
    }

    [Fact]
    public void APersonOverTheRateIsRefusedWithTooManyWhileOthersAreNot()
    {
        using var gate = Gate(perMinute: 2);
        gate.CountRequest(1);
        gate.CountRequest(1);

        var refusal = Assert.Throws<ExportRefusedException>(() => gate.CountRequest(1));
        Assert.Equal(Refusals.Export.PdfTooMany.Code, refusal.Refusal.Code);
        Assert.Equal(429, refusal.StatusCode);
        Assert.InRange(refusal.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        gate.CountRequest(2);
    }
}
