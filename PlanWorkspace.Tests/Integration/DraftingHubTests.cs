using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

[Trait("Category", "Integration")]
public abstract class DraftingHubTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private const string Secretariat = "secretariat@plan.local";
    private LiveServer _server = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start(provider: provider);
        _sectionId = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ChangeSet? RandomEdit(Random random, string text, int length, string alphabet)
    {
        var pos = random.Next(length + 1);
        if (length > 20 && random.Next(4) == 0)
        {
            var deleteTo = Math.Min(length, pos + random.Next(1, 4));
            return deleteTo > pos ? ChangeSet.Of(length, pos, deleteTo, "") : null;
        }
        return ChangeSet.Of(length, pos, pos, alphabet[random.Next(alphabet.Length)].ToString());
    }

    // The load bench's editors compose what they type while a push is in flight into one update
    // (CollabClient.CompactFrom): each update is one op-log row, and every edit is counted as acked.
    [Fact]
    public async Task EditorsThatComposeWhatWaitsForAnAckStoreOneRowPerUpdateAndCountEveryEdit()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var editors = new List<RemoteEditor>
        {
            await _server.ConnectAsync(Chair, _sectionId),
            await _server.ConnectAsync(Secretariat, _sectionId),
        };
        editors.ForEach(e => e.ComposeUnsent = true);
        await Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
        {
            var random = new Random(200 + i);
            var push = Task.CompletedTask;
            for (var n = 0; n < 80; n++)
            {
                var at = -1;
                editor.Edit((text, length) => ChangeSet.Of(length, at = random.Next(length + 1), at, "가나다 ab"[random.Next(6)].ToString()));
                if (push.IsCompleted)
                {
                    await push;
                    push = editor.PushAsync(cts.Token);
                }
                await Task.Delay(random.Next(3), cts.Token);
            }
            await push;
            await editor.PushAsync(cts.Token);
        })));

        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        await using var db = _server.App.Database.CreateContext();
        var rows = await db.SectionOps.Where(o => o.SectionId == _sectionId).GroupBy(o => o.ClientId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cts.Token);
        foreach (var editor in editors)
        {
            await editor.WaitForVersionAsync(logVersion, LiveServer.Timeout);
            Assert.Equal(logText, editor.Text);
            Assert.Equal(0, editor.Unconfirmed);
            Assert.Equal((80, 80), (editor.Edits, editor.Acked));
            Assert.Equal(editor.Updates, rows.GetValueOrDefault(editor.ClientId));
        }
        Assert.True(editors.Sum(e => e.Updates) < 160, $"edits typed during a push were composed ({editors.Sum(e => e.Updates)} updates)");
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentEditorsConvergeOnTheServerTextAndTheOpLog()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var editors = new List<RemoteEditor>
        {
            await _server.ConnectAsync(Chair, _sectionId),
            await _server.ConnectAsync(Chair, _sectionId), // the same person in a second tab
            await _server.ConnectAsync(Secretariat, _sectionId),
        };
        await Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
        {
            var random = new Random(100 + i);
            for (var n = 0; n < 60; n++)
            {
                editor.Edit((text, length) => RandomEdit(random, text, length, "가나다라마바사 abc\n"));
                if (random.Next(3) == 0)
                {
                    await editor.PushAsync(cts.Token);
                }
            }
            await editor.PushAsync(cts.Token);
        })));

        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        foreach (var editor in editors)
        {
            await editor.WaitForVersionAsync(logVersion, LiveServer.Timeout);
            Assert.Equal(0, editor.Unconfirmed);
            Assert.Equal(logText, editor.Text);
        }
        Assert.Equal(180, editors.Sum(e => e.Edits));
        Assert.True(logVersion >= 150, $"most edits are separate updates (version {logVersion})");
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
    }

    [Fact]
    public async Task ManyEditorsTypingInTheSameSpotWithOverlappingPushesConverge()
    {
        var editors = new List<RemoteEditor>();
        for (var i = 0; i < 24; i++)
        {
            editors.Add(await _server.ConnectAsync(i % 2 == 0 ? Chair : Secretariat, _sectionId));
        }
        // Everyone edits the first 300 characters, several edits per push, pushes not awaited:
        // late pushes touching what they missed are rebased step by step on the server.
        await Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            var pending = new List<Task>();
            for (var n = 0; n < 25; n++)
            {
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var pos = random.Next(300);
                    var delete = random.Next(4) == 0;
                    editor.Edit((_, length) => delete
                        ? ChangeSet.Of(length, Math.Min(pos, length - 2), Math.Min(pos, length - 2) + 2, "")
                        : ChangeSet.Of(length, Math.Min(pos, length), Math.Min(pos, length), "가"));
                }
                pending.Add(editor.PushAsync(CancellationToken.None));
                await Task.Delay(random.Next(20));
            }
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(90));
            await editor.PushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        })));

        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        foreach (var editor in editors)
        {
            await editor.WaitForVersionAsync(logVersion, LiveServer.Timeout);
            Assert.Equal(0, editor.Unconfirmed);
            Assert.Equal(logText, editor.Text);
        }
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
    }

    [Fact]
    public async Task EditsMadeWhileDisconnectedAreAppliedOnceAfterReconnecting()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var offline = await _server.ConnectAsync(Chair, _sectionId);
        await using var online = await _server.ConnectAsync(Secretariat, _sectionId);

        await offline.DisconnectAsync();
        offline.Edit((_, length) => ChangeSet.Of(length, 0, 0, "오프라인 입력 "));
        online.Edit((_, length) => ChangeSet.Of(length, length, length, "\n온라인 입력"));
        await online.PushAsync(cts.Token);

        await offline.ReconnectAsync(cts.Token);
        await offline.PushAsync(cts.Token);
        await offline.PushAsync(cts.Token); // a second push of the same state adds nothing

        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        await online.WaitForVersionAsync(logVersion, LiveServer.Timeout);
        Assert.Equal(2, logVersion);
        Assert.StartsWith("오프라인 입력 ", logText);
        Assert.EndsWith("\n온라인 입력", logText);
        Assert.Equal(logText, offline.Text);
        Assert.Equal(logText, online.Text);
    }

    [Fact]
    public async Task ResentUpdatesAreNeverAppliedTwice()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var editor = await _server.ConnectAsync(Chair, _sectionId);
        var length = editor.Text.Length;
        var update = new { clientId = editor.ClientIdPrefix + "tab-1", changes = ChangeSet.Of(length, 0, 0, "한 번만").ToJson() };

        var first = await editor.PushRawAsync(0, [update], cts.Token);
        var again = await editor.PushRawAsync(0, [update], cts.Token); // the ack was lost; the client re-sends

        Assert.Equal(1, first.Accepted);
        Assert.Equal(0, again.Accepted);
        Assert.True(again.Behind, "a late push repeating accepted updates is refused as behind");
        var (text, version) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Equal(1, version);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "한 번만"));
    }

    public static TheoryData<string, string> BadPushes => new()
    {
        { "malformed", "Update 0 is malformed" },
        { "length-mismatch", "expects a document of length" },
        { "future-version", "is in the future" },
        { "negative-length", "Update 0 is malformed" },
        { "too-large", "larger than the limit" },
    };

    [Theory]
    [MemberData(nameof(BadPushes))]
    public async Task BadPushIsRefusedClearlyAndChangesNothing(string kind, string expected)
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var editor = await _server.ConnectAsync(Chair, _sectionId);
        var length = editor.Text.Length;
        var (baseVersion, changes) = kind switch
        {
            "malformed" => (0, (object)"not a change set"),
            "length-mismatch" => (0, ChangeSet.Of(length + 5, 0, 0, "x").ToJson()),
            "future-version" => (99, ChangeSet.Of(length, 0, 0, "x").ToJson()),
            "negative-length" => (0, new object[] { -3 }),
            _ => (0, ChangeSet.Of(length, 0, 0, new string('가', 300 * 1024)).ToJson()),
        };

        var error = await Assert.ThrowsAsync<HubException>(() =>
            editor.PushRawAsync(baseVersion, [new { clientId = editor.ClientIdPrefix + "bad", changes }], cts.Token));

        Assert.Contains(expected, error.Message);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, editor.State);
        var (_, version) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Equal(0, version);

        // The connection still works: a good edit goes through.
        editor.Edit((_, len) => ChangeSet.Of(len, 0, 0, "정상"));
        await editor.PushAsync(cts.Token);
        Assert.Equal(1, (await _server.ReplayOpLogAsync(_sectionId)).Version);
    }

    [Fact]
    public async Task SectionThatWouldGrowPastTheLimitIsRefused()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var editor = await _server.ConnectAsync(Chair, _sectionId);
        // 9 pushes of 250,000 characters would pass 2,000,000; each push is under the byte limit.
        HubException? refusal = null;
        for (var i = 0; i < 9 && refusal is null; i++)
        {
            var length = editor.Text.Length;
            try
            {
                await editor.PushRawAsync(editor.Version, [new { clientId = editor.ClientIdPrefix + "big", changes = ChangeSet.Of(length, length, length, new string('a', 250_000)).ToJson() }], cts.Token);
                await editor.PullAsync(cts.Token);
            }
            catch (HubException e)
            {
                refusal = e;
            }
        }
        Assert.NotNull(refusal);
        Assert.Contains("at most 2,000,000 characters", refusal!.Message);
    }

    [Fact]
    public async Task AdvisorMayJoinButNotPush()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var advisor = await _server.ConnectAsync("advisor1@plan.local", _sectionId);
        Assert.False(advisor.CanEdit);

        advisor.Edit((_, length) => ChangeSet.Of(length, 0, 0, "자문위원 직접 수정"));
        var error = await Assert.ThrowsAsync<HubException>(() => advisor.PushAsync(cts.Token));

        Assert.Contains("may not edit", error.Message);
        Assert.Equal(0, (await _server.ReplayOpLogAsync(_sectionId)).Version);
    }

    [Fact]
    public async Task AdvisorOfAnotherBodyMayNotEvenJoin()
    {
        var error = await Assert.ThrowsAsync<HubException>(() => _server.ConnectAsync("advisor2@plan.local", _sectionId));
        Assert.Contains("may not read", error.Message);
    }

    [Fact]
    public async Task SnapshotsAreWrittenAndTheSectionMarkdownFollowsThem()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var editor = await _server.ConnectAsync(Chair, _sectionId);
        for (var i = 0; i < 105; i++)
        {
            editor.Edit((_, length) => ChangeSet.Of(length, length, length, "가"));
            await editor.PushAsync(cts.Token);
        }
        await using var db = _server.App.Database.CreateContext();
        var snapshots = await db.SectionSnapshots.Where(s => s.SectionId == _sectionId).Select(s => s.Version).ToListAsync();
        Assert.Contains(100, snapshots);
        var section = await db.Sections.SingleAsync(s => s.Id == _sectionId);
        Assert.Equal(100, section.TextVersion);
        Assert.EndsWith(new string('가', 100), section.Markdown);
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : DraftingHubTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : DraftingHubTests(DatabaseProvider.Postgres);
}
