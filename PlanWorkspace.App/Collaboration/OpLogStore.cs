using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Collaboration;

/// <summary>What a session starts from: a snapshot and the op-log tail after it.</summary>
public sealed record LoadedDocument(int SectionId, int BodyId, SectionSnapshot Snapshot, IReadOnlyList<SectionOp> Tail);

/// <summary>
/// The op log and snapshots in the database. Appends are one transaction per batch (group
/// commit); the (SectionId, Version) key refuses a version that another writer already took.
/// </summary>
public sealed class OpLogStore(IDbContextFactory<PlanDbContext> dbFactory, TimeProvider clock)
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
        var latest = await db.SectionOps.Where(o => o.SectionId == sectionId).MaxAsync(o => (int?)o.Version, ct) ?? 0;
        var wanted = Math.Max(0, latest - retainedVersions);
        var snapshot = await db.SectionSnapshots.AsNoTracking()
                .Where(s => s.SectionId == sectionId && s.Version <= wanted)
                .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct)
            ?? await db.SectionSnapshots.AsNoTracking()
                .Where(s => s.SectionId == sectionId)
                .OrderBy(s => s.Version).FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            snapshot = new SectionSnapshot { SectionId = sectionId, Version = 0, Text = section.Markdown, CreatedAt = Now };
            db.SectionSnapshots.Add(snapshot);
            await db.SaveChangesAsync(ct);
        }
        var tail = await db.SectionOps.AsNoTracking()
            .Where(o => o.SectionId == sectionId && o.Version > snapshot.Version)
            .OrderBy(o => o.Version).ToListAsync(ct);
        return new LoadedDocument(sectionId, section.BodyId, snapshot, tail);
    }

    /// <summary>
    /// Appends <paramref name="accepted"/> in one transaction, with a snapshot (and the section's
    /// stored Markdown) when <paramref name="snapshotText"/> is given. Returns true when the edit
    /// reopened an approved section.
    /// </summary>
    public async Task<bool> AppendAsync(int sectionId, IReadOnlyList<AcceptedUpdate> accepted, string? snapshotText, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var update in accepted)
        {
            db.SectionOps.Add(ToRecord(sectionId, update));
        }
        var section = await db.Sections.FirstAsync(s => s.Id == sectionId, ct);
        var reopened = section.MarkEdited(clock.GetUtcNow());
        if (snapshotText is not null)
        {
            var version = accepted[^1].Version;
            db.SectionSnapshots.Add(new SectionSnapshot { SectionId = sectionId, Version = version, Text = snapshotText, CreatedAt = Now });
            section.SyncText(snapshotText, version);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return reopened;
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
