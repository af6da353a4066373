using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The session's bounded queue: past capacity pushes are refused as transient, sent again, and nothing is lost.</summary>
public sealed class CommitPipelineTests : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private readonly HeldCommit _held = new();
    private LiveServer _server = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start(
            new Dictionary<string, string?> { ["Collaboration:MaxQueuedWork"] = "1" },
            services: s => s.AddSingleton<ICommitParticipant>(_held));
        _sectionId = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync()
    {
        _held.Release.TrySetResult();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AFullQueueRefusesAPushAsBusyAndTheEditorSendsItAgainWithNothingLost()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var first = await _server.ConnectAsync(Chair, _sectionId);
        await using var second = await _server.ConnectAsync(Chair, _sectionId);
        await using var third = await _server.ConnectAsync(Chair, _sectionId);

        // The first commit is held inside its transaction: the writer loop is busy.
        first.Edit((_, length) => ChangeSet.Of(length, 0, 0, "가"));
        var firstPush = first.PushAsync(cts.Token);
        await _held.Entered.Task.WaitAsync(cts.Token);

        // One push fits the queue; the other is refused as busy (whichever arrives second) and retried.
        second.Edit((_, length) => ChangeSet.Of(length, 0, 0, "나"));
        third.Edit((_, length) => ChangeSet.Of(length, 0, 0, "다"));
        var pushes = Task.WhenAll(second.PushAsync(cts.Token), third.PushAsync(cts.Token));
        while (second.TransientRetries + third.TransientRetries == 0)
        {
            await Task.Delay(20, cts.Token);
        }
        _held.Release.TrySetResult();
        await firstPush;
        await pushes;

        var (text, version) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Equal(3, version);
        Assert.Equal(["가", "나", "다"], new[] { "가", "나", "다" }.Where(c => text.Contains(c, StringComparison.Ordinal)));
        foreach (var editor in new[] { first, second, third })
        {
            await editor.WaitForVersionAsync(version, LiveServer.Timeout);
            Assert.Equal((text, 0), (editor.Text, editor.Unconfirmed));
        }
    }

    /// <summary>Holds the first commit inside its transaction until released.</summary>
    private sealed class HeldCommit : ICommitParticipant
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.TrySetResult();
                await Release.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            }
            return false;
        }
    }
}
