using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.History;

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
            await using (await SectionLog.BeginReadAsync(read, ct))
            {
                if (!await read.Sections.AnyAsync(s => s.Id == sectionId, ct))
                {
                    return;
                }
                indexedThrough = await read.Set<SectionHistoryState>().Where(s => s.SectionId == sectionId)
                    .Select(s => (int?)s.IndexedThrough).FirstOrDefaultAsync(ct) ?? 0;
                ops = await SectionLog.TailAsync(read, sectionId, indexedThrough, int.MaxValue, ct);
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
        await using var transaction = await SectionLog.BeginReadAsync(db, ct);
        var state = await db.Set<SectionHistoryState>().AsNoTracking().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
        if (state is null)
        {
            return null;
        }
        var latest = await SectionLog.LatestAsync(db, sectionId, ct);
        var boundary = state.CompactedThrough + Options.BlockSize;
        if (boundary > latest - collaboration.Value.RetainedVersions || boundary > state.IndexedThrough)
        {
            return null;
        }
        var start = await SectionLog.RebuildAsync(db, sectionId, state.CompactedThrough, withAuthorship: true, ct);
        var lastKeyframe = await db.Set<SectionKeyframe>().Where(k => k.SectionId == sectionId).MaxAsync(k => (int?)k.Version, ct);
        var keyframe = lastKeyframe is null || state.CompactedThrough - lastKeyframe >= Options.KeyframeInterval
            ? new SectionKeyframe { SectionId = sectionId, Version = state.CompactedThrough, Data = HistoryCodec.EncodeKeyframe(start.Text, start.Authorship!) }
            : null;
        var ops = await SectionLog.TailAsync(db, sectionId, state.CompactedThrough, boundary, ct);
        var rope = new Rope(start.Text);
        foreach (var op in ops)
        {
            op.ApplyTo(rope);
        }
        var block = new SectionHistoryBlock { SectionId = sectionId, FirstVersion = ops[0].Version, LastVersion = ops[^1].Version, Data = HistoryCodec.EncodeBlock(ops) };
        return new Packed(block, keyframe, rope.ToString());
    }

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

    private static Checkpoint ToCheckpoint(SectionCheckpoint row) => new(row.FromVersion, row.ToVersion, row.StartedAt, row.EndedAt,
        row.AuthorIds.Length == 0 ? [] : row.AuthorIds.Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList(), row.Added, row.Removed);
}
