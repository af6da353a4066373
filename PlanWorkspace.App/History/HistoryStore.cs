using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Collaboration;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.History;

/// <summary>A version's text and who wrote each run of it.</summary>
public sealed record VersionText(int Version, string Text, AuthorshipMap? Authorship);

/// <summary>
/// Reads and maintains a section's history (ADR-007). Versions up to
/// <see cref="SectionHistoryState.CompactedThrough"/> are in Brotli-compressed blocks with a keyframe
/// at least every <see cref="HistoryOptions.KeyframeInterval"/> versions; later ones are the op log's
/// rows, which the live edit path appends. Checkpoints are folded in incrementally and persisted.
/// </summary>
public sealed class HistoryStore(IDbContextFactory<PlanDbContext> dbFactory, IOptions<HistoryOptions> options,
    IOptions<CollaborationOptions> collaboration, TimeProvider clock)
{
    // One indexer or compactor per section at a time within this process.
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    private HistoryOptions Options => options.Value;

    /// <summary>The latest stored version of a section (0 when never edited), or null when the section does not exist.</summary>
    public async Task<int?> LatestVersionAsync(int sectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Sections.AnyAsync(s => s.Id == sectionId, ct))
        {
            return null;
        }
        return await LatestAsync(db, sectionId, ct);
    }

    /// <summary>Rebuilds the text at <paramref name="version"/>, with its authorship when asked.</summary>
    /// <exception cref="HistoryException">The section has no such version.</exception>
    public async Task<VersionText> RebuildAsync(int sectionId, int version, bool withAuthorship, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One read transaction: a compaction committing meanwhile cannot move ops under our feet.
        await using var transaction = await BeginReadAsync(db, ct);
        var latest = await LatestAsync(db, sectionId, ct);
        if (version < 0 || version > latest)
        {
            throw new HistoryException(string.Format(CultureInfo.InvariantCulture, "Version {0} does not exist; the section is at version {1}.", version, latest));
        }
        return await RebuildAsync(db, sectionId, version, withAuthorship, ct);
    }

    private async Task<VersionText> RebuildAsync(PlanDbContext db, int sectionId, int version, bool withAuthorship, CancellationToken ct)
    {
        var state = await db.Set<SectionHistoryState>().AsNoTracking().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct)
            ?? new SectionHistoryState { SectionId = sectionId };
        Rope? rope = null;
        AuthorshipMap? authorship = null;
        var at = 0;
        if (!withAuthorship)
        {
            // Plain snapshots exist only from the compaction boundary on, and are the cheapest start.
            var snapshot = await db.SectionSnapshots.AsNoTracking()
                .Where(s => s.SectionId == sectionId && s.Version <= version && s.Version >= state.CompactedThrough)
                .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
            if (snapshot is not null)
            {
                (rope, at) = (new Rope(snapshot.Text), snapshot.Version);
            }
        }
        if (rope is null)
        {
            var keyframe = await db.Set<SectionKeyframe>().AsNoTracking()
                .Where(k => k.SectionId == sectionId && k.Version <= version)
                .OrderByDescending(k => k.Version).FirstOrDefaultAsync(ct);
            if (keyframe is not null)
            {
                var (text, map) = HistoryCodec.DecodeKeyframe(keyframe.Data);
                (rope, authorship, at) = (new Rope(text), map, keyframe.Version);
            }
            else
            {
                var (text, start) = await OriginAsync(db, sectionId, ct);
                (rope, authorship, at) = (new Rope(text), new AuthorshipMap(text.Length), start);
            }
            if (!withAuthorship)
            {
                authorship = null;
            }
        }

        void Apply(HistoryOp op)
        {
            if (op.Version != at + 1)
            {
                throw new InvalidOperationException($"Section {sectionId}: the history jumps from version {at} to {op.Version}.");
            }
            op.ApplyTo(rope);
            authorship?.Apply(op);
            at = op.Version;
        }

        if (at < version && at < state.CompactedThrough)
        {
            var blocks = await db.Set<SectionHistoryBlock>().AsNoTracking()
                .Where(b => b.SectionId == sectionId && b.LastVersion > at && b.FirstVersion <= version)
                .OrderBy(b => b.FirstVersion).ToListAsync(ct);
            foreach (var block in blocks)
            {
                foreach (var op in HistoryCodec.DecodeBlock(block.Data))
                {
                    if (op.Version > at && op.Version <= version)
                    {
                        Apply(op);
                    }
                }
            }
        }
        if (at < version)
        {
            foreach (var op in await TailAsync(db, sectionId, at, version, ct))
            {
                Apply(op);
            }
        }
        if (at != version)
        {
            throw new InvalidOperationException($"Section {sectionId}: version {version} could not be rebuilt (stopped at {at}).");
        }
        return new VersionText(version, rope.ToString(), authorship);
    }

    /// <summary>The ops <c>from+1..to</c> (compacted or not), in order.</summary>
    public async Task<List<HistoryOp>> OpsAsync(int sectionId, int from, int to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await BeginReadAsync(db, ct);
        var ops = new List<HistoryOp>();
        var blocks = await db.Set<SectionHistoryBlock>().AsNoTracking()
            .Where(b => b.SectionId == sectionId && b.LastVersion > from && b.FirstVersion <= to)
            .OrderBy(b => b.FirstVersion).ToListAsync(ct);
        foreach (var block in blocks)
        {
            ops.AddRange(HistoryCodec.DecodeBlock(block.Data).Where(o => o.Version > from && o.Version <= to));
        }
        var after = ops.Count > 0 ? ops[^1].Version : from;
        ops.AddRange(await TailAsync(db, sectionId, after, to, ct));
        return ops;
    }

    /// <summary>Checkpoints, newest first, after folding in the ops not yet indexed.</summary>
    public async Task<(IReadOnlyList<Checkpoint> Items, int Total)> CheckpointsAsync(int sectionId, int skip, int take, CancellationToken ct = default)
    {
        await IndexAsync(sectionId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<SectionCheckpoint>().AsNoTracking().Where(c => c.SectionId == sectionId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.FromVersion).Skip(skip).Take(take).ToListAsync(ct);
        return (rows.Select(ToCheckpoint).ToList(), total);
    }

    /// <summary>The checkpoint at <paramref name="index"/> counted from the oldest (for the slider), or null.</summary>
    public async Task<Checkpoint?> CheckpointAtAsync(int sectionId, int index, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<SectionCheckpoint>().AsNoTracking().Where(c => c.SectionId == sectionId)
            .OrderBy(c => c.FromVersion).Skip(Math.Max(0, index)).FirstOrDefaultAsync(ct);
        return row is null ? null : ToCheckpoint(row);
    }

    /// <summary>Folds the ops stored since the last call into the persisted checkpoints.</summary>
    public async Task IndexAsync(int sectionId, CancellationToken ct = default)
    {
        var gate = _locks.GetOrAdd(sectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Read and fold without the write lock (the live path's commits would wait on it),
            // then write the few changed rows in a short transaction that checks nobody indexed meanwhile.
            int indexedThrough;
            List<HistoryOp> ops;
            SectionCheckpoint? last;
            await using (var read = await dbFactory.CreateDbContextAsync(ct))
            await using (await BeginReadAsync(read, ct))
            {
                if (!await read.Sections.AnyAsync(s => s.Id == sectionId, ct))
                {
                    return;
                }
                indexedThrough = await read.Set<SectionHistoryState>().Where(s => s.SectionId == sectionId)
                    .Select(s => (int?)s.IndexedThrough).FirstOrDefaultAsync(ct) ?? 0;
                ops = await TailAsync(read, sectionId, indexedThrough, int.MaxValue, ct);
                last = await read.Set<SectionCheckpoint>().AsNoTracking().Where(c => c.SectionId == sectionId)
                    .OrderByDescending(c => c.FromVersion).FirstOrDefaultAsync(ct);
            }
            if (ops.Count == 0)
            {
                return;
            }
            var folded = Checkpoint.Fold(last is null ? null : ToCheckpoint(last), ops, Options.QuietPeriod);

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var state = await StateAsync(db, sectionId, ct);
            if (state is null || state.IndexedThrough != indexedThrough)
            {
                return;
            }
            foreach (var checkpoint in folded)
            {
                SectionCheckpoint row;
                if (last is not null && last.FromVersion == checkpoint.FromVersion)
                {
                    row = last;
                    db.Attach(row);
                }
                else
                {
                    row = new SectionCheckpoint { SectionId = sectionId, FromVersion = checkpoint.FromVersion };
                    db.Add(row);
                }
                (row.ToVersion, row.StartedAt, row.EndedAt, row.AuthorIds, row.Added, row.Removed) =
                    (checkpoint.ToVersion, checkpoint.StartedAt, checkpoint.EndedAt, string.Join(',', checkpoint.AuthorIds), checkpoint.Added, checkpoint.Removed);
            }
            state.IndexedThrough = ops[^1].Version;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Packs the oldest <see cref="HistoryOptions.BlockSize"/> ops of the op log into a block when
    /// at least <see cref="CollaborationOptions.RetainedVersions"/> newer ones stay behind (what a
    /// loading session replays), in one transaction: the block, a keyframe when one is due, a plain
    /// snapshot at the new boundary (where a session starts loading), then the packed rows and the
    /// snapshots before the boundary are deleted. Snapshots a session wrote since are thinned to
    /// the newest one. Returns true when a block was written (call again for more).
    /// </summary>
    public async Task<bool> CompactAsync(int sectionId, CancellationToken ct = default)
    {
        await IndexAsync(sectionId, ct);
        var gate = _locks.GetOrAdd(sectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // The slow part (rebuild, Brotli) reads in a deferred transaction, holding no write lock,
            // so live commits go on; packed ops never change, and the write below checks the boundary.
            var packed = await PackAsync(sectionId, ct);

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var state = await db.Set<SectionHistoryState>().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
            if (state is null)
            {
                return false;
            }
            var due = packed is not null && state.CompactedThrough == packed.Block.FirstVersion - 1;
            if (due)
            {
                var boundary = packed!.Block.LastVersion;
                db.Add(packed.Block);
                if (packed.Keyframe is not null)
                {
                    db.Add(packed.Keyframe);
                }
                if (!await db.SectionSnapshots.AnyAsync(s => s.SectionId == sectionId && s.Version == boundary, ct))
                {
                    db.SectionSnapshots.Add(new SectionSnapshot { SectionId = sectionId, Version = boundary, Text = packed.BoundaryText, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() });
                }
                state.CompactedThrough = boundary;
                await db.SaveChangesAsync(ct);
                await db.SectionOps.Where(o => o.SectionId == sectionId && o.Version <= boundary).ExecuteDeleteAsync(ct);
            }
            // A session loads from the newest snapshot at least RetainedVersions old; the boundary's
            // is always such a one, so the others are only a shortcut — keep the newest.
            var compactedThrough = state.CompactedThrough;
            var newest = await db.SectionSnapshots.Where(s => s.SectionId == sectionId).MaxAsync(s => (int?)s.Version, ct) ?? 0;
            await db.SectionSnapshots
                .Where(s => s.SectionId == sectionId && s.Version != compactedThrough && s.Version != newest)
                .ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return due;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Packed(SectionHistoryBlock Block, SectionKeyframe? Keyframe, string BoundaryText);

    // The next block of a section when one is due: its ops encoded, a keyframe at its start when
    // due, and the text at its end (the new boundary's snapshot).
    private async Task<Packed?> PackAsync(int sectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await BeginReadAsync(db, ct);
        var state = await db.Set<SectionHistoryState>().AsNoTracking().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
        if (state is null)
        {
            return null;
        }
        var latest = await LatestAsync(db, sectionId, ct);
        var boundary = state.CompactedThrough + Options.BlockSize;
        if (boundary > latest - collaboration.Value.RetainedVersions || boundary > state.IndexedThrough)
        {
            return null;
        }
        var start = await RebuildAsync(db, sectionId, state.CompactedThrough, withAuthorship: true, ct);
        var lastKeyframe = await db.Set<SectionKeyframe>().Where(k => k.SectionId == sectionId).MaxAsync(k => (int?)k.Version, ct);
        var keyframe = lastKeyframe is null || state.CompactedThrough - lastKeyframe >= Options.KeyframeInterval
            ? new SectionKeyframe { SectionId = sectionId, Version = state.CompactedThrough, Data = HistoryCodec.EncodeKeyframe(start.Text, start.Authorship!) }
            : null;
        var ops = await TailAsync(db, sectionId, state.CompactedThrough, boundary, ct);
        var rope = new Rope(start.Text);
        foreach (var op in ops)
        {
            op.ApplyTo(rope);
        }
        var block = new SectionHistoryBlock { SectionId = sectionId, FirstVersion = ops[0].Version, LastVersion = ops[^1].Version, Data = HistoryCodec.EncodeBlock(ops) };
        return new Packed(block, keyframe, rope.ToString());
    }

    // A read-only transaction with one consistent view that takes no write lock (per engine: PlanDatabase).
    internal static Task<IAsyncDisposable> BeginReadAsync(PlanDbContext db, CancellationToken ct) => PlanDatabase.BeginSnapshotReadAsync(db, ct);

    /// <summary>Sections whose op log has grown or gathered snapshots since the last compaction.</summary>
    public async Task<IReadOnlyList<int>> SectionsToCompactAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var threshold = Options.BlockSize + collaboration.Value.RetainedVersions;
        var growing = await db.SectionOps.GroupBy(o => o.SectionId)
            .Where(g => g.Count() >= threshold).Select(g => g.Key).ToListAsync(ct);
        var snapshots = await db.SectionSnapshots.GroupBy(s => s.SectionId)
            .Where(g => g.Count() > 2).Select(g => g.Key).ToListAsync(ct);
        return growing.Union(snapshots).ToList();
    }

    /// <summary>The latest committed version of a section, read on <paramref name="db"/> (in its transaction, if any).</summary>
    internal static async Task<int> LatestAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        var tail = await db.SectionOps.Where(o => o.SectionId == sectionId).MaxAsync(o => (int?)o.Version, ct);
        return tail ?? await db.Set<SectionHistoryState>().Where(s => s.SectionId == sectionId).Select(s => (int?)s.CompactedThrough).FirstOrDefaultAsync(ct) ?? 0;
    }

    // The text a section's history starts from: its version-0 snapshot or, never edited, its Markdown.
    private static async Task<(string Text, int Version)> OriginAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        var snapshot = await db.SectionSnapshots.AsNoTracking().Where(s => s.SectionId == sectionId)
            .OrderBy(s => s.Version).FirstOrDefaultAsync(ct);
        if (snapshot is not null)
        {
            return (snapshot.Text, snapshot.Version);
        }
        var markdown = await db.Sections.Where(s => s.Id == sectionId).Select(s => s.Markdown).FirstOrDefaultAsync(ct);
        return (markdown ?? string.Empty, 0);
    }

    private static async Task<SectionHistoryState?> StateAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        var state = await db.Set<SectionHistoryState>().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
        if (state is null && await db.Sections.AnyAsync(s => s.Id == sectionId, ct))
        {
            state = new SectionHistoryState { SectionId = sectionId };
            db.Add(state);
        }
        return state;
    }

    private static async Task<List<HistoryOp>> TailAsync(PlanDbContext db, int sectionId, int after, int through, CancellationToken ct)
    {
        var rows = await db.SectionOps.AsNoTracking()
            .Where(o => o.SectionId == sectionId && o.Version > after && o.Version <= through)
            .OrderBy(o => o.Version).ToListAsync(ct);
        return rows.ConvertAll(ToOp);
    }

    /// <summary>An op-log row as a history op.</summary>
    public static HistoryOp ToOp(SectionOp row) =>
        HistoryOp.From(row.Version, row.AuthorId, row.Timestamp, row.ClientId, ChangeSet.FromJson(row.Changes));

    private static Checkpoint ToCheckpoint(SectionCheckpoint row) => new(row.FromVersion, row.ToVersion, row.StartedAt, row.EndedAt,
        row.AuthorIds.Length == 0 ? [] : row.AuthorIds.Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList(), row.Added, row.Removed);
}
