using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>A version's text and who wrote each run of it.</summary>
public sealed record VersionText(int Version, string Text, AuthorshipMap? Authorship);

/// <summary>Someone who wrote in a section: the first version they wrote and when they last wrote (Unix ms).</summary>
public sealed record Contributor(int PersonId, int FirstVersion, long LastWroteAt);

/// <summary>
/// The one reader of a section's stored ops, wherever they live (ADR-007): versions up to
/// <see cref="SectionHistoryState.CompactedThrough"/> in Brotli blocks and keyframes, later ones in
/// the op log's rows. The latest version, the contributors and the text at any version are asked
/// here, so nothing else needs to know that compaction moves old rows.
/// </summary>
public sealed class SectionLog(IDbContextFactory<PlanDbContext> dbFactory)
{
    /// <summary>The latest stored version of a section (0 when never edited or unknown).</summary>
    public async Task<int> LatestVersionAsync(int sectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestAsync(db, sectionId, ct);
    }

    /// <summary>The text at <paramref name="version"/>, with its authorship when asked; null when the section has no such version.</summary>
    public async Task<VersionText?> TextAtAsync(int sectionId, int version, bool withAuthorship, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One read transaction: a compaction committing meanwhile cannot move ops under our feet.
        await using var transaction = await BeginReadAsync(db, ct);
        var latest = await LatestAsync(db, sectionId, ct);
        if (version < 0 || version > latest)
        {
            return null;
        }
        return await RebuildAsync(db, sectionId, version, withAuthorship, ct);
    }

    internal static async Task<VersionText> RebuildAsync(PlanDbContext db, int sectionId, int version, bool withAuthorship, CancellationToken ct)
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


    /// <summary>The latest stored version of each section asked for (0 when never edited).</summary>
    public async Task<IReadOnlyDictionary<int, int>> LatestVersionsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tail = await db.SectionOps.Where(o => sectionIds.Contains(o.SectionId))
            .GroupBy(o => o.SectionId).Select(g => new { g.Key, Version = g.Max(o => o.Version) })
            .ToDictionaryAsync(g => g.Key, g => g.Version, ct);
        var packed = await db.Set<SectionHistoryState>().Where(s => sectionIds.Contains(s.SectionId))
            .ToDictionaryAsync(s => s.SectionId, s => s.CompactedThrough, ct);
        return sectionIds.Distinct().ToDictionary(id => id, id => Math.Max(tail.GetValueOrDefault(id), packed.GetValueOrDefault(id)));
    }

    /// <summary>
    /// Who wrote in each section, oldest contribution first: the indexed checkpoints (which cover
    /// every packed version) and the op-log rows after them.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<Contributor>>> ContributorsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var read = await BeginReadAsync(db, ct);
        var indexed = await db.Set<SectionHistoryState>().AsNoTracking().Where(s => sectionIds.Contains(s.SectionId))
            .ToDictionaryAsync(s => s.SectionId, s => s.IndexedThrough, ct);
        var checkpoints = await db.Set<SectionCheckpoint>().AsNoTracking().Where(c => sectionIds.Contains(c.SectionId))
            .Select(c => new { c.SectionId, c.FromVersion, c.ToVersion, c.EndedAt, c.AuthorIds }).ToListAsync(ct);
        var rows = await db.SectionOps.Where(o => sectionIds.Contains(o.SectionId))
            .GroupBy(o => new { o.SectionId, o.AuthorId })
            .Select(g => new { g.Key.SectionId, g.Key.AuthorId, First = g.Min(o => o.Version), Last = g.Max(o => o.Timestamp) })
            .ToListAsync(ct);
        var found = new Dictionary<(int Section, int Person), Contributor>();
        void Add(int section, int person, int first, long last) =>
            found[(section, person)] = found.TryGetValue((section, person), out var known)
                ? new Contributor(person, Math.Min(known.FirstVersion, first), Math.Max(known.LastWroteAt, last))
                : new Contributor(person, first, last);
        foreach (var c in checkpoints.Where(c => c.ToVersion <= indexed.GetValueOrDefault(c.SectionId)))
        {
            foreach (var author in c.AuthorIds.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Add(c.SectionId, int.Parse(author, CultureInfo.InvariantCulture), c.FromVersion, c.EndedAt);
            }
        }
        foreach (var r in rows)
        {
            Add(r.SectionId, r.AuthorId, r.First, r.Last);
        }
        return sectionIds.Distinct().ToDictionary(
            id => id,
            id => (IReadOnlyList<Contributor>)found.Where(f => f.Key.Section == id).Select(f => f.Value).OrderBy(c => c.FirstVersion).ToList());
    }

    /// <summary>A read-only transaction with one consistent view that takes no write lock (per engine: <see cref="PlanDatabase"/>).</summary>
    internal static Task<IAsyncDisposable> BeginReadAsync(PlanDbContext db, CancellationToken ct) => PlanDatabase.BeginSnapshotReadAsync(db, ct);

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

    internal static async Task<List<HistoryOp>> TailAsync(PlanDbContext db, int sectionId, int after, int through, CancellationToken ct)
    {
        var rows = await db.SectionOps.AsNoTracking()
            .Where(o => o.SectionId == sectionId && o.Version > after && o.Version <= through)
            .OrderBy(o => o.Version).ToListAsync(ct);
        return rows.ConvertAll(ToOp);
    }

    /// <summary>An op-log row as a history op.</summary>
    public static HistoryOp ToOp(SectionOp row) =>
        HistoryOp.From(row.Version, row.AuthorId, row.Timestamp, row.ClientId, ChangeSet.FromJson(row.Changes));

}
