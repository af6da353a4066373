using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>What a session starts from: a snapshot, the op-log tail after it, and the review marks to track (valid at the tail's end).</summary>
public sealed record LoadedDocument(int SectionId, int BodyId, SectionSnapshot Snapshot, IReadOnlyList<SectionOp> Tail, IReadOnlyList<StoredMark> Marks);

/// <summary>
/// The op log and snapshots in the database. Appends are one transaction per batch (group
/// commit); on SQLite, the batches of every section that gather meanwhile share one transaction
/// (<see cref="SqliteGroupCommit"/>). The (SectionId, Version) key refuses a version that another
/// writer already took.
/// </summary>
public sealed class OpLogStore(IDbContextFactory<PlanDbContext> dbFactory, IEnumerable<ICommitParticipant> participants,
    IReviewMarkSource markSource, TimeProvider clock, SqliteGroupCommit? groupCommit = null)
{
    /// <summary>
    /// Loads the snapshot at least <paramref name="retainedVersions"/> before the latest version
    /// (or the first one) and every op after it. A section never edited live gets its version-0
    /// snapshot from its stored Markdown.
    /// </summary>
    public async Task<LoadedDocument?> LoadAsync(int sectionId, int retainedVersions, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var section = await db.Sections.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sectionId, ct);
        if (section is null)
        {
            return null;
        }
        if (!await db.SectionSnapshots.AnyAsync(s => s.SectionId == sectionId, ct))
        {
            db.SectionSnapshots.Add(new SectionSnapshot { SectionId = sectionId, Version = 0, Text = section.Markdown, CreatedAt = Now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another load stored it first (if not, the read below fails clearly).
                db.ChangeTracker.Clear();
            }
        }

        // One read transaction: the compactor deleting packed ops meanwhile cannot tear the tail.
        await using var read = await SectionLog.BeginReadAsync(db, ct);
        var latest = await SectionLog.LatestAsync(db, sectionId, ct);
        var wanted = Math.Max(0, latest - retainedVersions);
        var snapshot = await db.SectionSnapshots.AsNoTracking()
                .Where(s => s.SectionId == sectionId && s.Version <= wanted)
                .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct)
            ?? await db.SectionSnapshots.AsNoTracking()
                .Where(s => s.SectionId == sectionId)
                .OrderBy(s => s.Version).FirstAsync(ct);
        var tail = await db.SectionOps.AsNoTracking()
            .Where(o => o.SectionId == sectionId && o.Version > snapshot.Version)
            .OrderBy(o => o.Version).ToListAsync(ct);
        var marks = await markSource.LoadMarksAsync(db, sectionId, ct);
        return new LoadedDocument(sectionId, section.BodyId, snapshot, tail, marks);
    }

    /// <summary>
    /// The ops after <paramref name="after"/> (what other instances committed meanwhile) and, when
    /// asked, the review marks as stored, read in one snapshot; null when the rows no longer
    /// continue <paramref name="after"/> (compacted meanwhile): load the section whole instead.
    /// </summary>
    public async Task<(IReadOnlyList<SectionOp> Tail, IReadOnlyList<StoredMark>? Marks)?> LoadTailAsync(int sectionId, int after, bool withMarks, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var read = await SectionLog.BeginReadAsync(db, ct);
        var tail = await db.SectionOps.AsNoTracking()
            .Where(o => o.SectionId == sectionId && o.Version > after)
            .OrderBy(o => o.Version).ToListAsync(ct);
        if (tail.Count > 0 && tail[0].Version != after + 1)
        {
            return null;
        }
        var marks = withMarks ? await markSource.LoadMarksAsync(db, sectionId, ct) : null;
        return (tail, marks);
    }

    /// <summary>The latest version stored for a section (0 when never edited).</summary>
    public async Task<int> LatestVersionAsync(int sectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SectionLog.LatestAsync(db, sectionId, ct);
    }

    /// <summary>
    /// Appends the batch's updates in one transaction, with <paramref name="alongside"/> (a decided
    /// suggestion) and every commit participant's part; stores <paramref name="snapshotText"/> as a
    /// snapshot and as the section's Markdown copy when given. Returns true when a participant
    /// changed the section's status.
    /// </summary>
    public Task<bool> AppendAsync(CommitBatch batch, string? snapshotText, Func<PlanDbContext, Task>? alongside = null, CancellationToken ct = default) =>
        InTransactionAsync(db => AppendInAsync(db, batch, snapshotText, alongside, ct), ct);

    private async Task<bool> AppendInAsync(PlanDbContext db, CommitBatch batch, string? snapshotText, Func<PlanDbContext, Task>? alongside, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The op log is appended to inside a transaction.");

        // The hot path, one row per keystroke: a prepared statement, not change tracking.
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction.GetDbTransaction();
            // Quoted names and @-parameters: the same statement on SQLite and PostgreSQL.
            insert.CommandText = """INSERT INTO "SectionOps" ("SectionId", "Version", "ClientId", "AuthorId", "Timestamp", "Changes") VALUES (@s, @v, @c, @a, @t, @x)""";
            var parameters = new[] { "@s", "@v", "@c", "@a", "@t", "@x" }.Select(name =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            foreach (var update in batch.Accepted)
            {
                var record = ToRecord(batch.SectionId, update);
                (parameters[0].Value, parameters[1].Value, parameters[2].Value, parameters[3].Value, parameters[4].Value, parameters[5].Value) =
                    (record.SectionId, record.Version, record.ClientId, record.AuthorId, record.Timestamp, record.Changes);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        if (alongside is not null)
        {
            await alongside(db);
        }
        var statusChanged = false;
        foreach (var participant in participants)
        {
            statusChanged |= await participant.OnCommitAsync(db, batch, ct);
        }
        if (snapshotText is not null)
        {
            db.SectionSnapshots.Add(new SectionSnapshot { SectionId = batch.SectionId, Version = batch.Version, Text = snapshotText, CreatedAt = Now });
            var section = await db.Sections.FirstAsync(s => s.Id == batch.SectionId, ct);
            section.SyncText(snapshotText, batch.Version);
        }
        return statusChanged;
    }

    /// <summary>
    /// Runs <paramref name="work"/> and saves its changes in one transaction (on SQLite, the next
    /// group commit's); completes once it is committed.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<PlanDbContext, Task<T>> work, CancellationToken ct = default)
    {
        if (groupCommit is not null)
        {
            return await groupCommit.RunAsync(work);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work(db);
        // Most commits are op rows only (inserted without tracking): no tracked change, no save pipeline.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Stores the current text as the section's Markdown (when a session is unloaded).</summary>
    public async Task SyncSectionTextAsync(int sectionId, string text, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var section = await db.Sections.FirstOrDefaultAsync(s => s.Id == sectionId, ct);
        if (section is null || section.TextVersion >= version)
        {
            return;
        }
        section.SyncText(text, version);
        await db.SaveChangesAsync(ct);
    }

    public static SectionOp ToRecord(int sectionId, AcceptedUpdate update) => new()
    {
        SectionId = sectionId,
        Version = update.Version,
        ClientId = update.ClientId,
        AuthorId = int.Parse(update.Author, System.Globalization.CultureInfo.InvariantCulture),
        Timestamp = update.Timestamp.ToUnixTimeMilliseconds(),
        Changes = update.Changes.ToJson().ToJsonString(),
    };

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
