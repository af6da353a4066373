using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.ScaleOut;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.ScaleOut;

/// <summary>
/// Two instances (in-process, each on Kestrel with its own sessions) on one PostgreSQL and one Redis,
/// both holding a session of the same section: the op log's key decides each version, the loser
/// rebases and retries, and the section feed tells each instance what the other committed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SequencingTests : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private const string Password = "Plan!2025";
    private readonly TempDatabase _database = new(DatabaseProvider.Postgres);
    private RedisServer _redis = default!;
    private PlanAppFactory _first = default!;
    private PlanAppFactory _second = default!;
    private Uri _firstAddress = default!;
    private Uri _secondAddress = default!;

    public Task InitializeAsync()
    {
        _redis = RedisServer.Start();
        (_first, _firstAddress) = StartInstance();
        (_second, _secondAddress) = StartInstance();
        return Task.CompletedTask;
    }

    // Both instances on one channel prefix, apart from other tests sharing this Redis.
    private readonly string _prefix = "sequencing-" + Guid.NewGuid().ToString("N");

    private (PlanAppFactory App, Uri Address) StartInstance()
    {
        var app = new PlanAppFactory
        {
            SharedDatabase = _database,
            Settings = new Dictionary<string, string?> { [ScaleOutExtensions.RedisKey] = _redis.Configuration, ["Redis:ChannelPrefix"] = _prefix },
        };
        return (app, app.StartKestrel());
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _redis.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task EditorsOnBothInstancesTypingIntoOneSectionLoseNothingAndApplyNothingTwice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var sectionId = await SectionIdAsync();
        var editors = new List<RemoteEditor>();
        foreach (var address in new[] { _firstAddress, _secondAddress, _firstAddress, _secondAddress, _firstAddress, _secondAddress })
        {
            editors.Add(await RemoteEditor.ConnectAsync(address, await SignInForm.SignInAsync(address, Chair, Password, cts.Token), sectionId, cts.Token));
        }
        try
        {
            await Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
            {
                var random = new Random(i);
                for (var n = 0; n < 40; n++)
                {
                    editor.Edit((_, length) =>
                    {
                        var at = random.Next(length + 1);
                        return ChangeSet.Of(length, at, at, "가나다abc"[random.Next(6)].ToString());
                    });
                    await editor.PushAsync(cts.Token);
                }
            }, cts.Token)));
            foreach (var editor in editors)
            {
                await editor.PushAsync(cts.Token);
            }

            // A fresh replay of the op log, read through each instance's log reader.
            var latest = await _first.Services.GetRequiredService<SectionLog>().LatestVersionAsync(sectionId, cts.Token);
            Assert.Equal(latest, await _second.Services.GetRequiredService<SectionLog>().LatestVersionAsync(sectionId, cts.Token));
            var replayed = (await _second.Services.GetRequiredService<SectionLog>().TextAtAsync(sectionId, latest, false, cts.Token))!.Text;
            foreach (var editor in editors)
            {
                await editor.WaitForVersionAsync(latest, LiveServer.Timeout);
                Assert.Equal(0, editor.Unconfirmed);
                Assert.Equal(replayed, editor.Text);
            }
            foreach (var app in new[] { _first, _second })
            {
                var session = await app.Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId);
                await session!.EnsureCurrentAsync(null).WaitAsync(cts.Token);
                Assert.Equal((latest, replayed), session.Current());
            }

            // Every acknowledged edit is in the log exactly once.
            var ops = await _first.Services.GetRequiredService<SectionLog>().OpsAsync(sectionId, 0, latest, cts.Token);
            var byClient = ops.GroupBy(o => o.ClientId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var editor in editors)
            {
                Assert.Equal(40, editor.Acked);
                Assert.Equal(40, byClient.GetValueOrDefault(editor.ClientId));
            }

            // Both instances committed, so versions were contested: some commits lost the race and were retried.
            var lost = _first.Services.GetRequiredService<DraftingMetrics>().LostRaces + _second.Services.GetRequiredService<DraftingMetrics>().LostRaces;
            Assert.True(lost > 0, "no commit lost the race for a version");
        }
        finally
        {
            foreach (var editor in editors)
            {
                await editor.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task APreviewOnOneInstanceHearsAnEditCommittedOnTheOtherWithItsText()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sectionId = await SectionIdAsync();
        var heard = new TaskCompletionSource<(SectionCommitted Commit, string Text)>(TaskCreationOptions.RunContinuationsAsynchronously);
        DocumentSession? onSecond = null;
        var subscription = await _second.Services.GetRequiredService<DocumentSessionRegistry>().SubscribeAsync(sectionId, e =>
        {
            if (e is SectionCommitted { Updates.Count: > 0 } commit && onSecond is not null)
            {
                heard.TrySetResult((commit, onSecond.Current().Text));
            }
        });
        Assert.NotNull(subscription);
        onSecond = subscription.Value.Session;
        using var _ = subscription.Value.Subscription;

        await using var editor = await RemoteEditor.ConnectAsync(_firstAddress, await SignInForm.SignInAsync(_firstAddress, Chair, Password, cts.Token), sectionId, cts.Token);
        editor.Edit((_, length) => ChangeSet.Of(length, 0, 0, "다른 인스턴스에서 "));
        await editor.PushAsync(cts.Token);

        var (commit, text) = await heard.Task.WaitAsync(LiveServer.Timeout);
        Assert.True(commit.Remote);
        Assert.Equal(editor.Version, commit.Version);
        // The session here took the edit over before the listener was told: what it reads holds it.
        Assert.Equal(editor.Text, text);
        Assert.StartsWith("다른 인스턴스에서 ", text, StringComparison.Ordinal);
    }

    private async Task<int> SectionIdAsync()
    {
        await using var db = _database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        return await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
    }
}
