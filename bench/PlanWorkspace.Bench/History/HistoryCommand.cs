using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.History;
using PlanWorkspace.Bench.Traces;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.History;

/// <summary>
/// <c>history &lt;trace.json.gz&gt; [--db FILE]</c>: loads a sequential trace into one section of a
/// fresh SQLite database through the real persistence code — the authority, <see cref="OpLogStore.AppendAsync"/>
/// in group commits with a snapshot every 100 versions as the live session writes them, and the
/// <see cref="HistoryCompactor"/> pass the background service runs every poll interval of the trace's time — then measures the file size,
/// rebuilds at random versions (checked against the texts seen while loading) and the timeline
/// query. Prints one JSON line last; a wrong rebuild exits 1.
/// </summary>
public static class HistoryCommand
{
    private const int Samples = 300;
    private const int CommitBatch = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var path, ..] || !File.Exists(path))
        {
            Console.Error.WriteLine("usage: PlanWorkspace.Bench history <trace.json.gz> [--db FILE]");
            return 2;
        }
        var databasePath = args is [_, "--db", var db] ? db : Path.Combine(Path.GetTempPath(), $"planworkspace-history-{Guid.NewGuid():N}.db");
        File.Delete(databasePath);
        try
        {
            return await RunAsync(EditTrace.Load(path), databasePath);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (args is not [_, "--db", _])
            {
                foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }
    }

    private static async Task<int> RunAsync(EditTrace trace, string databasePath)
    {
        if (trace.IsConcurrent)
        {
            Console.Error.WriteLine("history needs a sequential trace");
            return 2;
        }
        var clock = TimeProvider.System;
        var dbOptions = new DbContextOptionsBuilder<PlanDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        var factory = new PooledDbContextFactory<PlanDbContext>(dbOptions);
        var collaboration = new CollaborationOptions();
        var historyOptions = new HistoryOptions();
        var store = new OpLogStore(factory, [], new ReviewAnchors(), clock);
        var history = new HistoryStore(factory, Options.Create(historyOptions), Options.Create(collaboration), clock);
        var log = new SectionLog(factory);
        var compactor = new HistoryCompactor(history, Options.Create(historyOptions), clock, NullLogger<HistoryCompactor>.Instance);

        int sectionId;
        int[] authors;
        await using (var db = await factory.CreateDbContextAsync())
        {
            await new DatabaseInitializer(db, clock, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
            var body = await db.Bodies.OrderBy(b => b.Id).FirstAsync();
            var section = new Section(body.Id, 99, trace.Name, trace.StartContent, clock.GetUtcNow());
            db.Sections.Add(section);
            await db.SaveChangesAsync();
            sectionId = section.Id;
            authors = await db.People.OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToArrayAsync();
            if (authors.Length == 0)
            {
                authors = [1];
            }
        }
        var baselineBytes = await SizeAsync(factory, databasePath);
        await store.LoadAsync(sectionId, collaboration.RetainedVersions); // the version-0 snapshot, as a session's first load writes it

        // Timestamps and authors the trace lacks: keystrokes 100-400 ms apart, a pause of ten
        // minutes to two days every ~2,000 edits, and each burst typed by one of three people.
        var random = new Random(42);
        var samples = Enumerable.Range(0, Samples).Select(_ => random.Next(0, trace.Txns.Count + 1)).ToHashSet();
        var expected = new Dictionary<int, string>();
        var authority = new DocumentAuthority(trace.StartContent);
        var time = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var author = authors[0];
        var nextPoll = time + historyOptions.CompactionPollInterval;
        var batch = new List<AcceptedUpdate>();
        var stopwatch = Stopwatch.StartNew();
        if (samples.Contains(0))
        {
            expected[0] = authority.Text;
        }
        foreach (var txn in trace.Txns)
        {
            var changes = ChangeSet.Empty(authority.Length);
            foreach (var patch in txn.Patches)
            {
                changes = changes.Compose(ChangeSet.Of(changes.NewLength, patch.Pos, patch.Pos + patch.Delete, patch.Insert));
            }
            if (random.Next(2000) == 0)
            {
                time += TimeSpan.FromMinutes(random.Next(10, 2 * 24 * 60));
                author = authors[random.Next(authors.Length)];
            }
            time += TimeSpan.FromMilliseconds(random.Next(100, 400));
            batch.AddRange(authority.Push(authority.Version, [new ClientUpdate(changes, $"client-{author}")], author.ToString(CultureInfo.InvariantCulture), time).Accepted);
            if (samples.Contains(authority.Version))
            {
                expected[authority.Version] = authority.Text;
            }
            if (batch.Count >= CommitBatch || authority.Version == trace.Txns.Count)
            {
                // As DocumentSession.CommitBatchAsync: a snapshot when the batch crosses a multiple of the interval.
                var first = batch[0].Version - 1;
                var snapshot = authority.Version / collaboration.SnapshotInterval > first / collaboration.SnapshotInterval ? authority.Text : null;
                await store.AppendAsync(new CommitBatch(sectionId, batch[^1].Version, batch, [], snapshot is not null, clock.GetUtcNow()), snapshot);
                batch.Clear();
            }
            if (time >= nextPoll)
            {
                // The background compactor's tick, in the trace's time.
                await compactor.RunOnceAsync();
                nextPoll = time + historyOptions.CompactionPollInterval;
            }
            authority.TrimHistory(authority.Version);
        }
        await compactor.RunOnceAsync();
        var loadSeconds = stopwatch.Elapsed.TotalSeconds;
        var latest = authority.Version;

        // Warm up, then time rebuilds at the sampled versions (random order) and check each.
        foreach (var version in expected.Keys.Take(20))
        {
            await log.TextAtAsync(sectionId, version, withAuthorship: false);
        }
        var times = new List<double>();
        var wrong = 0;
        foreach (var version in expected.Keys.OrderBy(_ => random.Next()))
        {
            var watch = Stopwatch.StartNew();
            var rebuilt = (await log.TextAtAsync(sectionId, version, withAuthorship: false))!;
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (rebuilt.Text != expected[version])
            {
                wrong++;
                Console.Error.WriteLine($"version {version}: the rebuilt text differs from the replay");
            }
        }
        var authorshipTimes = new List<double>();
        foreach (var version in expected.Keys.OrderBy(_ => random.Next()).Take(50))
        {
            var watch = Stopwatch.StartNew();
            var rebuilt = (await log.TextAtAsync(sectionId, version, withAuthorship: true))!;
            authorshipTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (rebuilt.Text != expected[version] || rebuilt.Authorship!.Length != rebuilt.Text.Length)
            {
                wrong++;
            }
        }
        var final = (await log.TextAtAsync(sectionId, latest, withAuthorship: false))!;
        if (final.Text != trace.EndContent)
        {
            wrong++;
            Console.Error.WriteLine("the latest version differs from endContent");
        }

        // The timeline page's queries: the first page of checkpoints and one slider position.
        await history.CheckpointsAsync(sectionId, 0, historyOptions.PageSize);
        var timeline = Stopwatch.StartNew();
        var (_, checkpoints) = await history.CheckpointsAsync(sectionId, 0, historyOptions.PageSize);
        await history.CheckpointAtAsync(sectionId, checkpoints / 2);
        var timelineMs = timeline.Elapsed.TotalMilliseconds;

        var dbBytes = await SizeAsync(factory, databasePath);
        int blocks, keyframes, tailOps;
        long blockBytes, keyframeBytes;
        await using (var db = await factory.CreateDbContextAsync())
        {
            blocks = await db.Set<SectionHistoryBlock>().CountAsync();
            blockBytes = await db.Set<SectionHistoryBlock>().SumAsync(b => (long)b.Data.Length);
            keyframes = await db.Set<SectionKeyframe>().CountAsync();
            keyframeBytes = await db.Set<SectionKeyframe>().SumAsync(k => (long)k.Data.Length);
            tailOps = await db.SectionOps.CountAsync(o => o.SectionId == sectionId);
        }

        times.Sort();
        authorshipTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {latest} edits in {loadSeconds:F1} s; file {dbBytes:N0} B ({baselineBytes:N0} B before the trace); {blocks} blocks {blockBytes:N0} B, {keyframes} keyframes {keyframeBytes:N0} B, {tailOps} ops in the live tail; rebuild p50 {Percentile(times, 0.5):F2} ms, max {times[^1]:F2} ms"));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["edits"] = latest,
            ["dbBytes"] = dbBytes,
            ["rebuildP95Ms"] = Math.Round(Percentile(times, 0.95), 2),
            ["checkpoints"] = checkpoints,
            ["baselineBytes"] = baselineBytes,
            ["authorshipP95Ms"] = Math.Round(Percentile(authorshipTimes, 0.95), 2),
            ["timelineMs"] = Math.Round(timelineMs, 2),
            ["rebuildsChecked"] = times.Count,
            ["wrong"] = wrong,
        }));
        return wrong == 0 ? 0 : 1;
    }

    // The database file after a WAL checkpoint: what the history occupies on disk.
    private static async Task<long> SizeAsync(IDbContextFactory<PlanDbContext> factory, string path)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        var wal = new FileInfo(path + "-wal");
        return new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
