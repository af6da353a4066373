using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The history on a real database (SQLite and PostgreSQL), written by the live path's <see cref="OpLogStore"/> and compacted by the real compactor.</summary>
[Trait("Category", "Integration")]
public abstract class HistoryStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TempDatabase _database = new(provider);
    private readonly CollaborationOptions _collaboration = new() { SnapshotInterval = 10, RetainedVersions = 60 };
    private readonly HistoryOptions _options = new() { BlockSize = 40, KeyframeInterval = 120, QuietPeriod = TimeSpan.FromMinutes(5) };
    private OpLogStore _opLog = default!;
    private HistoryStore _history = default!;
    private SectionLog _log = default!;
    private HistoryCompactor _compactor = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        await using (var db = _database.CreateContext())
        {
            await new DatabaseInitializer(db, TimeProvider.System, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
            _sectionId = await db.Sections.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        }
        var factory = _database.CreateFactory();
        _opLog = new OpLogStore(factory, [], new ReviewAnchors(), TimeProvider.System);
        _history = new HistoryStore(factory, Options.Create(_options), Options.Create(_collaboration), TimeProvider.System);
        _log = new SectionLog(factory);
        _compactor = new HistoryCompactor(_history, Options.Create(_options), TimeProvider.System, NullLogger<HistoryCompactor>.Instance);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>What a naive replay says about every version: its text and who wrote each character.</summary>
    private sealed record Expected(List<string> Texts, List<List<int>> Authors);

    /// <summary>
    /// Random edits by three people pushed through an authority and appended as the live session
    /// does (batches, a snapshot when a batch crosses the interval), compacting every few batches.
    /// </summary>
    private async Task<Expected> EditAsync(int edits, int seed, bool compact, long startSeconds = 0)
    {
        var loaded = (await _opLog.LoadAsync(_sectionId, _collaboration.RetainedVersions))!;
        var authority = new DocumentAuthority(loaded.Snapshot.Text, loaded.Snapshot.Version);
        foreach (var op in loaded.Tail)
        {
            authority.Push(authority.Version, [new ClientUpdate(ChangeSet.FromJson(op.Changes), op.ClientId)], op.AuthorId.ToString(CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(op.Timestamp));
        }
        var texts = new List<string> { authority.Text };
        var authors = new List<List<int>> { Enumerable.Repeat(0, authority.Length).ToList() };
        var random = new Random(seed);
        var time = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000 + startSeconds);
        var batch = new List<AcceptedUpdate>();
        for (var i = 0; i < edits; i++)
        {
            var length = authority.Length;
            var pos = random.Next(length + 1);
            var changes = length > 10 && random.Next(4) == 0
                ? ChangeSet.Of(length, pos, Math.Min(length, pos + random.Next(1, 4)), random.Next(2) == 0 ? "" : "나")
                : ChangeSet.Of(length, pos, pos, "가나다 abc\n"[random.Next(8)].ToString());
            time += random.Next(25) == 0 ? TimeSpan.FromMinutes(random.Next(6, 120)) : TimeSpan.FromMilliseconds(random.Next(100, 3000));
            var author = random.Next(1, 4);
            batch.AddRange(authority.Push(authority.Version, [new ClientUpdate(changes, $"client-{author}")], author.ToString(CultureInfo.InvariantCulture), time).Accepted);
            var model = authors[^1].ToList();
            changes.IterChanges((fromA, toA, _, _, text) =>
            {
                // One range per edit here, so positions need no shifting.
                model.RemoveRange(fromA, toA - fromA);
                model.InsertRange(fromA, Enumerable.Repeat(author, text.Length));
            });
            texts.Add(authority.Text);
            authors.Add(model);
            if (batch.Count >= random.Next(1, 8) || i == edits - 1)
            {
                var first = batch[0].Version - 1;
                var snapshot = authority.Version / _collaboration.SnapshotInterval > first / _collaboration.SnapshotInterval ? authority.Text : null;
                await _opLog.AppendAsync(new CommitBatch(_sectionId, batch[^1].Version, batch, [], false, DateTimeOffset.UtcNow), snapshot);
                batch.Clear();
                if (compact && random.Next(4) == 0)
                {
                    await _compactor.RunOnceAsync();
                }
            }
        }
        if (compact)
        {
            await _compactor.RunOnceAsync();
        }
        return new Expected(texts, authors);
    }

    [Fact]
    public async Task RebuildAtRandomlySampledVersionsEqualsANaiveReplayAfterCompaction()
    {
        var expected = await EditAsync(600, seed: 1, compact: true);

        await using (var db = _database.CreateContext())
        {
            var state = await db.Set<SectionHistoryState>().SingleAsync(s => s.SectionId == _sectionId);
            Assert.True(state.CompactedThrough >= 400, $"compacted through {state.CompactedThrough}");
            Assert.True(await db.Set<SectionHistoryBlock>().CountAsync() >= 10);
            Assert.True(await db.Set<SectionKeyframe>().CountAsync() >= 2);
            Assert.True(await db.SectionOps.CountAsync(o => o.SectionId == _sectionId) < 600 - 400 + 1);
            Assert.True(await db.SectionSnapshots.CountAsync(s => s.SectionId == _sectionId) <= 2);
        }
        var random = new Random(99);
        foreach (var version in Enumerable.Range(0, 80).Select(_ => random.Next(0, 601)).Append(0).Append(600).Append(400))
        {
            var rebuilt = (await _log.TextAtAsync(_sectionId, version, withAuthorship: true))!;
            Assert.Equal(expected.Texts[version], rebuilt.Text);
            Assert.Equal(expected.Authors[version], rebuilt.Authorship!.Spans().SelectMany(s => Enumerable.Repeat(s.PersonId, s.To - s.From)));
            Assert.Equal(expected.Texts[version], (await _log.TextAtAsync(_sectionId, version, withAuthorship: false))!.Text);
        }
    }

    [Fact]
    public async Task ASessionStillLoadsTheLatestTextAfterCompactionAndKeepsItsRetainedHistory()
    {
        var expected = await EditAsync(500, seed: 2, compact: true);
        var loaded = (await _opLog.LoadAsync(_sectionId, _collaboration.RetainedVersions))!;
        var authority = new DocumentAuthority(loaded.Snapshot.Text, loaded.Snapshot.Version);
        foreach (var op in loaded.Tail)
        {
            Assert.Equal(authority.Version + 1, op.Version);
            authority.Push(authority.Version, [new ClientUpdate(ChangeSet.FromJson(op.Changes), op.ClientId)], "1", DateTimeOffset.UnixEpoch);
        }
        Assert.Equal(expected.Texts[^1], authority.Text);
        Assert.True(authority.StartVersion <= 500 - _collaboration.RetainedVersions);
    }

    [Fact]
    public async Task TheOpLogKeepsRefusingAVersionThatWasCompacted()
    {
        await EditAsync(300, seed: 3, compact: true);
        int compactedThrough;
        await using (var db = _database.CreateContext())
        {
            compactedThrough = (await db.Set<SectionHistoryState>().SingleAsync(s => s.SectionId == _sectionId)).CompactedThrough;
        }
        Assert.True(compactedThrough > 0);
        var taken = new AcceptedUpdate(compactedThrough - 5, ChangeSet.Of(0, 0, 0, "x"), "intruder", "1", DateTimeOffset.UnixEpoch);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _opLog.AppendAsync(new CommitBatch(_sectionId, taken.Version, [taken], [], false, DateTimeOffset.UtcNow), null));
        var live = new AcceptedUpdate(300, ChangeSet.Of(0, 0, 0, "x"), "intruder", "1", DateTimeOffset.UnixEpoch);
        await Assert.ThrowsAsync<DbUpdateException>(() => AppendThroughEfAsync(live));
    }

    // The tail's own key still refuses a version taken twice.
    private async Task AppendThroughEfAsync(AcceptedUpdate update)
    {
        await using var db = _database.CreateContext();
        db.SectionOps.Add(OpLogStore.ToRecord(_sectionId, update));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task CheckpointsAreFoldedInIncrementallyWithAuthorsAndCounts()
    {
        var first = await EditAsync(150, seed: 4, compact: false);
        var (page, total) = await _history.CheckpointsAsync(_sectionId, 0, 1000);
        Assert.True(total > 1);
        Assert.Equal(150, page[0].ToVersion);
        Assert.Equal(1, page[^1].FromVersion);
        // Consecutive, non-overlapping, covering every version.
        var ordered = page.Reverse().ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.Equal(ordered[i - 1].ToVersion + 1, ordered[i].FromVersion);
            Assert.True(ordered[i].StartedAt - ordered[i - 1].EndedAt >= (long)_options.QuietPeriod.TotalMilliseconds);
        }
        var ops = await _log.OpsAsync(_sectionId, 0, 150);
        Assert.Equal(ops.Sum(o => o.Added), page.Sum(c => c.Added));
        Assert.Equal(ops.Sum(o => o.Removed), page.Sum(c => c.Removed));
        Assert.All(page, c => Assert.NotEmpty(c.AuthorIds));

        // More edits right after: the last burst grows, nothing is counted twice.
        var lastEnded = page[0].EndedAt;
        await EditAsync(20, seed: 5, compact: true, startSeconds: 0);
        var (after, totalAfter) = await _history.CheckpointsAsync(_sectionId, 0, 1000);
        var opsAfter = await _log.OpsAsync(_sectionId, 0, 170);
        Assert.Equal(170, opsAfter.Count);
        Assert.Equal(opsAfter.Sum(o => o.Added), after.Sum(c => c.Added));
        Assert.Equal(170, after[0].ToVersion);
        Assert.True(totalAfter >= total);
        Assert.True(first.Texts.Count == 151 && lastEnded > 0);
    }

    [Fact]
    public async Task AVersionThatDoesNotExistHasNoText()
    {
        await EditAsync(10, seed: 6, compact: false);
        Assert.Null(await _log.TextAtAsync(_sectionId, 11, false));
        Assert.Null(await _log.TextAtAsync(_sectionId, -1, false));
        Assert.NotNull(await _log.TextAtAsync(_sectionId, 10, false));
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : HistoryStoreTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : HistoryStoreTests(DatabaseProvider.Postgres);
}
