using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>One app for the hardening tests; each test works in a section of its own.</summary>
public sealed class HardenedServerFixture : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Server = LiveServer.Start(new Dictionary<string, string?>
        {
            // A 2 s busy timeout instead of 30 s, so a held write lock outlasts it quickly.
            ["ConnectionStrings:Plan"] = "{db};Default Timeout=2",
            ["Collaboration:MaxPullUpdates"] = "50",
            ["Collaboration:RetainedVersions"] = "150",
            ["Collaboration:MaxPresenceLag"] = "20",
            ["Collaboration:IdleEviction"] = "00:00:00",
            // Low read limits, so that even a slow machine's flood goes past them.
            ["Collaboration:RateLimits:PullBurst"] = "5",
            ["Collaboration:RateLimits:PullPerSecond"] = "2",
            ["Collaboration:RateLimits:PresenceBurst"] = "5",
            ["Collaboration:RateLimits:PresencePerSecond"] = "3",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The drafting hub under attack and failure, over real SignalR connections: pushes that wrap
/// 32-bit lengths, another person's client ids, stale cursors, floods, and a database whose
/// write lock is held past the busy timeout.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HubHardeningTests(HardenedServerFixture fixture) : IClassFixture<HardenedServerFixture>
{
    private LiveServer Server => fixture.Server;

    [Theory]
    [InlineData("tech-infra", "evil-insert")]
    [InlineData("public-ax", "evil-accepted")]
    public async Task PushesWhoseLengthsWrapAreRefusedAndTheSectionStaysWhole(string body, string kind)
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var sectionId = await Server.SectionIdAsync(body);
        await using var chair = await Server.ConnectAsync($"chair.{body}@plan.local", sectionId);
        var length = chair.Text.Length;
        var before = await Server.ReplayOpLogAsync(sectionId);
        var wrapping = kind == "evil-insert"
            ? JsonNode.Parse($$"""[[0,"EVIL"],2147483647,[1,"X"],2147483647,{{length + 1}}]""")!
            : JsonNode.Parse($$"""[[0,"EVIL"],2147483647,2147483647,{{length + 2}}]""")!;
        var valid = ChangeSet.Of(length, 0, 0, "먼저 ").ToJson();
        var id = chair.ClientIdPrefix + "attacker";

        // Alone, and after a valid update in the same push: both refused whole.
        var alone = await Assert.ThrowsAsync<HubException>(() => chair.PushRawAsync(before.Version, [new { clientId = id, changes = wrapping }], cts.Token));
        var after = await Assert.ThrowsAsync<HubException>(() => chair.PushRawAsync(before.Version,
            [new { clientId = id, changes = valid }, new { clientId = id, changes = wrapping }], cts.Token));

        Assert.Contains("malformed:", alone.Message);
        Assert.Contains("malformed:", after.Message);
        var session = (await Server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
        Assert.Equal((before.Version, before.Text), session.Current());
        Assert.Equal(before, await Server.ReplayOpLogAsync(sectionId));

        // Honest editing goes on, and the log still replays to what the editors hold.
        chair.Edit((_, len) => ChangeSet.Of(len, len, len, "\n정상 입력"));
        await chair.PushAsync(cts.Token);
        var replayed = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal((chair.Version, chair.Text), (replayed.Version, replayed.Text));
        Assert.DoesNotContain("EVIL", replayed.Text);
    }

    [Fact]
    public async Task NobodyMayPushUnderAnotherPersonsClientId()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var sectionId = await Server.SectionIdAsync("industry-ax");
        await using var chair = await Server.ConnectAsync("chair.industry-ax@plan.local", sectionId);
        await using var other = await Server.ConnectAsync("secretariat@plan.local", sectionId);
        var before = await Server.ReplayOpLogAsync(sectionId);

        var spoofed = await Assert.ThrowsAsync<HubException>(() => other.PushRawAsync(before.Version,
            [new { clientId = chair.ClientId, changes = ChangeSet.Of(before.Text.Length, 0, 0, "가짜 확인").ToJson() }], cts.Token));
        var mixed = await Assert.ThrowsAsync<HubException>(() => other.PushRawAsync(before.Version,
            [new { clientId = other.ClientId, changes = ChangeSet.Of(before.Text.Length, 0, 0, "a").ToJson() },
             new { clientId = chair.ClientId, changes = ChangeSet.Of(before.Text.Length + 1, 0, 0, "b").ToJson() }], cts.Token));

        Assert.NotEqual(chair.ClientIdPrefix, other.ClientIdPrefix);
        Assert.Contains("bad-client-id:", spoofed.Message);
        Assert.Contains("bad-client-id:", mixed.Message);
        Assert.Equal(before, await Server.ReplayOpLogAsync(sectionId));
    }

    [Fact]
    public async Task PullIsPagedAndACursorAtAnOldVersionIsRefused()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var sectionId = await Server.SectionIdAsync("data");
        await using var chair = await Server.ConnectAsync("chair.data@plan.local", sectionId);
        await using var reader = await Server.ConnectAsync("vicechair@plan.local", sectionId);
        var start = chair.Version;
        for (var i = 0; i < 120; i++)
        {
            chair.Edit((_, len) => ChangeSet.Of(len, len, len, "가"));
        }
        await chair.PushAsync(cts.Token);

        var page = await reader.InvokeRawAsync<RemoteEditor.WireUpdate[]>("Pull", [sectionId, start], cts.Token);
        var stale = await Assert.ThrowsAsync<HubException>(() => reader.InvokeRawAsync<object>("Presence", [sectionId, start, 0, 0], cts.Token));
        await reader.PullAsync(cts.Token); // the client pulls page after page

        Assert.Equal(50, page.Length);
        Assert.Equal(start + 1, page[0].Version);
        Assert.Contains("stale-presence:", stale.Message);
        Assert.Equal((chair.Version, chair.Text), (reader.Version, reader.Text));
    }

    [Fact]
    public async Task HistoryInMemoryIsTrimmedToTheRetainedWindow()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var sectionId = await Server.SectionIdAsync("science-talent");
        await using var chair = await Server.ConnectAsync("chair.science-talent@plan.local", sectionId);
        var start = chair.Version;
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                chair.Edit((_, len) => ChangeSet.Of(len, len, len, "나"));
            }
            await chair.PushAsync(cts.Token);
        }

        var session = (await Server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
        var tooOld = Assert.Throws<CollaborationException>(() => session.Pull(start));
        var recent = session.Pull(chair.Version - 150);

        Assert.Equal("version-unavailable", tooOld.Code);
        Assert.Equal(50, recent.Count); // one page of the retained window
        Assert.Equal((chair.Version, chair.Text), await Server.ReplayOpLogAsync(sectionId) is var log ? (log.Version, log.Text) : default);
    }

    [Fact]
    public async Task FloodsAreRateLimitedAndTheWriterKeepsItsPace()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var sectionId = await Server.SectionIdAsync("society");
        await using var chair = await Server.ConnectAsync("chair.society@plan.local", sectionId);
        var readers = new List<RemoteEditor>();
        foreach (var body in new[] { "tech-infra", "industry-ax", "public-ax", "data", "global", "science-talent", "defense" })
        {
            readers.Add(await Server.ConnectAsync($"chair.{body}@plan.local", sectionId));
        }
        readers.Add(await Server.ConnectAsync("vicechair@plan.local", sectionId));
        for (var i = 0; i < 300; i++)
        {
            chair.Edit((_, len) => ChangeSet.Of(len, len, len, "x"));
        }
        await chair.PushAsync(cts.Token);

        var quiet = await AckTimesAsync(chair, 40, cts.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var limited = 0;
        var floods = readers.Select(reader => Task.Run(async () =>
        {
            // Each reader calls about 100 times a second, ten times what the limits allow: an
            // abusive client over a network, not a loop that would take the test's own CPU.
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await Task.Delay(10, stop.Token);
                    _ = i % 2 == 0
                        ? await reader.InvokeRawAsync<object>("Presence", [sectionId, 0, 0, 0], stop.Token)
                        : await reader.InvokeRawAsync<object>("Pull", [sectionId, 0], stop.Token);
                }
                catch (HubException e) when (e.Message.Contains("rate-limited:", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref limited);
                }
                catch (HubException)
                {
                    // stale-presence: refused without walking the history
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();
        await Task.Delay(1500, cts.Token); // past every burst allowance
        var flooded = await AckTimesAsync(chair, 40, cts.Token);
        await stop.CancelAsync();
        await Task.WhenAll(floods);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }

        Assert.True(limited > 0, "the readers' flood was rate-limited");
        // Twice the quiet p95, with a few milliseconds of grace for a busy two-core machine.
        Assert.True(P95(flooded) <= (2 * P95(quiet)) + 25, $"ack p95 {P95(flooded):F1} ms under the flood vs {P95(quiet):F1} ms quiet");
    }

    private static async Task<List<double>> AckTimesAsync(RemoteEditor editor, int count, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            editor.Edit((_, len) => ChangeSet.Of(len, len, len, "y"));
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await editor.PushAsync(ct);
            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }

    private static double P95(List<double> values) => values.Order().ElementAt((int)Math.Ceiling(values.Count * 0.95) - 1);

    [Fact]
    public async Task AStalledDatabaseLosesNothingTypedAndNobodySeesUnstoredText()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sectionId = await Server.SectionIdAsync("global");
        await using var chair = await Server.ConnectAsync("chair.global@plan.local", sectionId);
        var before = await Server.ReplayOpLogAsync(sectionId);
        var viceChair = await Server.SignInAsync("vicechair@plan.local");

        Task push;
        string seenByLateJoiner;
        int versionSeenByLateJoiner;
        await using (var writeLock = new HeldWriteLock(Server.App.Database.ConnectionString))
        {
            chair.Edit((_, len) => ChangeSet.Of(len, len, len, "\n정체 중에 입력한 문장"));
            push = chair.PushAsync(cts.Token);
            // Past the 2 s busy timeout: the first commit has failed and the editor is re-sending.
            await WaitUntilAsync(() => chair.TransientRetries > 0, TimeSpan.FromSeconds(20));
            await using var late = await RemoteEditor.ConnectAsync(Server.BaseAddress, viceChair, sectionId, cts.Token);
            (seenByLateJoiner, versionSeenByLateJoiner) = (late.Text, late.Version);
            Assert.Equal(before.Version, (await Server.ReplayOpLogAsync(sectionId)).Version);
            Assert.False(push.IsCompleted, "the push waits while nothing can be stored");
        }
        await push.WaitAsync(cts.Token);

        Assert.Equal((before.Text, before.Version), (seenByLateJoiner, versionSeenByLateJoiner));
        var replayed = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal((chair.Text, chair.Version), (replayed.Text, replayed.Version));
        Assert.Equal(before.Version + 1, replayed.Version);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(replayed.Text, "정체 중에 입력한 문장"));
    }

    [Fact]
    public async Task EvictionDuringAStallNeitherThrowsNorStopsTheApp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sectionId = await Server.SectionIdAsync("defense");
        var registry = Server.Service<DocumentSessionRegistry>();
        await using (var chair = await Server.ConnectAsync("chair.defense@plan.local", sectionId))
        {
            chair.Edit((_, len) => ChangeSet.Of(len, 0, 0, "보존: "));
            await chair.PushAsync(cts.Token);
        }
        await WaitUntilAsync(() => registry.Loaded(sectionId)?.Participants().Count == 0, TimeSpan.FromSeconds(10));

        await using (new HeldWriteLock(Server.App.Database.ConnectionString))
        {
            // Unloading stores the section's Markdown, which cannot be written now.
            await registry.EvictIdleAsync();
            Assert.Null(registry.Loaded(sectionId));
            using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = LiveServer.Timeout };
            Assert.True((await http.GetAsync("/account/login", cts.Token)).IsSuccessStatusCode);
        }

        Assert.False(Server.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await using var again = await Server.ConnectAsync("chair.defense@plan.local", sectionId);
        Assert.StartsWith("보존: ", again.Text);
    }

    [Fact]
    public async Task AJoinRacingAnEvictionNeverGetsAClosedSession()
    {
        var sectionId = await Server.SectionIdAsync("security-tf");
        var registry = Server.Service<DocumentSessionRegistry>();
        for (var round = 0; round < 30; round++)
        {
            await registry.GetAsync(sectionId); // loaded, idle
            var evicting = Task.Run(registry.EvictIdleAsync);
            var subscribed = await registry.SubscribeAsync(sectionId, _ => { });
            await evicting;

            Assert.NotNull(subscribed);
            var (session, subscription) = subscribed.Value;
            Assert.Same(session, registry.Loaded(sectionId)); // the one everybody else gets, not a closed one
            Assert.False(session.TryClose(DateTimeOffset.MaxValue), "a subscribed session cannot be closed");
            subscription.Dispose();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }
}
