using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The merge of a long offline branch when the link fails at the worst moments (ADR-020): a push
/// cut off in flight, the merge's own answer lost, and a branch too big to merge in one push.
/// A commit the test holds (<see cref="CommitHold"/>) decides exactly where the cut falls: the
/// push has reached the server and waits inside its commit when the relay is cut, and the test
/// then lets the server store it or fail it.
/// </summary>
public sealed partial class OfflineMergeTests
{
    private readonly CommitHold _hold = new();

    protected override Action<IServiceCollection>? Services => s => s.AddSingleton<ICommitParticipant>(_hold);

    [EndToEndTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APushCutOffInFlightIsResolvedBeforeTheOfflineBranchIsMergedAndEveryEditLandsOnce(bool stored)
    {
        var (page, proxy, remote, sectionId) = await OpenThroughRelayAsync();
        await using (proxy)
        await using (remote)
        {
            var session = (await Server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
            var entered = _hold.Arm();
            Assert.Equal(5, await TypeAsync(page, 5, "P")); // online: pushed at once, held in its commit
            await entered.WaitAsync(LiveServer.Timeout);
            var before = session.Current().Version;
            await CutAsync(page, proxy);
            _hold.Release(stored);
            await WaitForAsync(() => _hold.Finished && session.Current().Version == before + (stored ? 5 : 0));

            Assert.Equal(105, await TypeAsync(page, 100)); // the five in limbo are still unconfirmed here
            await EditRemotelyAsync(remote, 400, batch: 100);
            proxy.Restore();
            await WaitMergedAsync(page, TimeSpan.FromSeconds(60));

            await AssertEveryReplicaEqualAsync(page, remote, sectionId);
            var text = await EditorTextAsync(page);
            AssertEachOnce(LimboMarker().Matches(text), 5);
            AssertEachOnce(LocalMarker().Matches(text), 100);
            AssertEachOnce(RemoteMarker().Matches(text), 400);
            var merge = await page.EvaluateAsync<MergeFigures>($"() => {Host}.lastMerge");
            Assert.True(merge.Pending >= 100 && merge.Behind >= 400, $"the fast path saw {merge.Pending} pending over {merge.Behind}");
        }
    }

    [EndToEndTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AMergeWhoseAnswerIsLostKeepsTypingBlockedAndIsAppliedOnceAfterTheNextReconnect(bool stored)
    {
        var (page, proxy, remote, sectionId) = await OpenCutOffAsync();
        await using (proxy)
        await using (remote)
        {
            var session = (await Server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
            await TypeOfflineAsync(page, 100);
            await EditRemotelyAsync(remote, 400, batch: 100);
            var before = session.Current().Version;

            // The merge's push reaches the server and waits in its commit; then the link goes.
            var entered = _hold.Arm();
            proxy.Restore();
            await entered.WaitAsync(LiveServer.Timeout);
            await CutAsync(page, proxy);
            _hold.Release(stored);
            await WaitForAsync(() => _hold.Finished && session.Current().Version == before + (stored ? 100 : 0));

            // In doubt: the branch is kept as it was and nothing can be typed onto it.
            Assert.True(await page.EvaluateAsync<bool>($"() => {Host}.mergeInDoubt && {Host}.view.state.readOnly"));
            Assert.Equal(100, await page.EvaluateAsync<int>($"() => {Host}.unconfirmed"));
            Assert.Equal(0, await page.EvaluateAsync<int>($"() => {Host}.merges"));
            await EditRemotelyAsync(remote, 60, batch: 60, first: 400); // the resend is rebased over these too

            proxy.Restore();
            await WaitMergedAsync(page, TimeSpan.FromSeconds(60));
            await AssertEveryReplicaEqualAsync(page, remote, sectionId);
            var text = await EditorTextAsync(page);
            AssertEachOnce(LocalMarker().Matches(text), 100);
            AssertEachOnce(RemoteMarker().Matches(text), 460);
            Assert.Equal("false", await page.EvaluateAsync<string>($"() => {Host}.view.contentDOM.getAttribute('aria-readonly')"));
        }
    }

    // 500 updates of ~600 characters: ~300 KB even composed, over the 256 KB push limit; 500 × 2,500
    // change-set maps are too many for the ordinary catch-up in a page.
    [EndToEndTheory(Timeout = 300_000)]
    [InlineData("ko-KR", "한 번에 병합할 수 있는 크기")]
    [InlineData("en-US", "more than can be merged at once")]
    public async Task ABranchOverThePushLimitEvenComposedIsRefusedWholeAndKeptInTheEditor(string culture, string message)
    {
        var (page, proxy, remote, sectionId) = await OpenCutOffAsync(culture);
        await using (proxy)
        await using (remote)
        {
            Assert.Equal(500, await TypeAsync(page, 500, padding: 600));
            var typed = await EditorTextAsync(page);
            await EditRemotelyAsync(remote, 2_500, batch: 250);
            var (logBefore, versionBefore) = await Server.ReplayOpLogAsync(sectionId);

            var status = page.GetByTestId("editor-status");
            for (var reconnect = 0; reconnect < 2; reconnect++)
            {
                proxy.Restore();
                await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 60_000 });
                await Assertions.Expect(status).ToContainTextAsync(message);
                Assert.Matches(@"\(\d{3} KB\).*\(256 KB\)", await status.TextContentAsync());

                // Kept here, whole and read-only; nothing reached the server, nor does later.
                Assert.Equal(typed, await EditorTextAsync(page));
                Assert.True(await page.EvaluateAsync<bool>($"() => {Host}.stranded && {Host}.view.state.readOnly"));
                Assert.Equal(500, await page.EvaluateAsync<int>($"() => {Host}.unconfirmed"));
                await Task.Delay(1_000);
                Assert.Equal((logBefore, versionBefore), await Server.ReplayOpLogAsync(sectionId));
                if (reconnect == 0)
                {
                    foreach (var width in new[] { 1440, 360 })
                    {
                        await page.SetViewportSizeAsync(width, 900);
                        await page.GetByTestId("editor-status").ScrollIntoViewIfNeededAsync();
                        await page.ScreenshotAsync(new() { Path = Artifact($"merge-too-large-{culture}-{width}.png") });
                    }
                }
                await CutAsync(page, proxy); // and once more: the next reconnect refuses the same way
            }
            AssertEachOnce(LocalMarker().Matches(typed), 500);
            Assert.Empty(LocalMarker().Matches(logBefore));
            await remote.WaitForVersionAsync(versionBefore, LiveServer.Timeout);
            Assert.Equal(logBefore, remote.Text);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"⟨P(\d+)⟩")]
    private static partial System.Text.RegularExpressions.Regex LimboMarker();

    /// <summary>
    /// Holds the next commit after <see cref="Arm"/> inside its transaction until <see cref="Release"/>:
    /// then lets it be stored, or fails it (the transaction rolls back and nothing is stored).
    /// </summary>
    private sealed class CommitHold : ICommitParticipant
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource? _entered;
        private readonly TaskCompletionSource<bool> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _finished;

        public bool Finished => _finished;

        /// <summary>Returns a task that completes when the held commit has come.</summary>
        public Task Arm()
        {
            lock (_gate)
            {
                _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return _entered.Task;
            }
        }

        public void Release(bool store) => _release.TrySetResult(store);

        public async Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct)
        {
            TaskCompletionSource? entered;
            lock (_gate)
            {
                (entered, _entered) = (_entered, null); // one commit only
            }
            if (entered is null)
            {
                return false;
            }
            entered.TrySetResult();
            try
            {
                if (!await _release.Task.WaitAsync(TimeSpan.FromSeconds(90), ct))
                {
                    throw new InvalidOperationException("The test failed this commit.");
                }
                return false;
            }
            finally
            {
                _finished = true;
            }
        }
    }
}
