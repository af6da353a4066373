using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>An opinion similar to another one: how similar (estimated Jaccard, 0–1), and whether it is already merged into it.</summary>
public sealed record SimilarOpinion(int Id, string ReceiptNumber, string SubmitterName, string? Institution, string Snippet, double Similarity, bool Merged, bool CanTriage);

/// <summary>For a page of the inbox: how many similar unmerged opinions each row has, how many are merged into it, and the receipt of a merged row's primary.</summary>
public sealed record SimilarInfo(IReadOnlyDictionary<int, int> Similar, IReadOnlyDictionary<int, int> Merged, IReadOnlyDictionary<int, string> Primaries)
{
    public static readonly SimilarInfo None = new(new Dictionary<int, int>(), new Dictionary<int, int>(), new Dictionary<int, string>());
}

/// <summary>
/// Similar opinions, grouped and merged (issue 13, item 6). Each opinion carries a MinHash signature
/// of its character 3-grams (<see cref="OpinionFingerprint"/>), computed when it is received; the
/// inbox compares a page's rows with the signatures of every unmerged opinion the actor may see.
/// Merging makes the others duplicates of one primary: they keep their receipt numbers, take its
/// answer (now and whenever it is classified again) and leave the results table; unmerging undoes it.
/// </summary>
public sealed partial class OpinionTriage
{
    /// <summary>Opinions stored before signatures existed get theirs this many at a time, as the inbox is used.</summary>
    private const int BackfillBatch = 500;

    /// <summary>The similar and merged counts of the rows <paramref name="ids"/> (those the actor may see).</summary>
    public async Task<SimilarInfo> SimilarInfoAsync(Actor actor, string slug, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var access = await AccessAsync(actor, slug, ct);
        if (access is null || ids.Count == 0)
        {
            return SimilarInfo.None;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await BackfillAsync(db, access.Consultation.Id, ct);
        var signatures = await Visible(db, access).Where(o => o.DuplicateOfId == null && o.Fingerprint != null)
            .Select(o => new { o.Id, o.Fingerprint }).ToListAsync(ct);
        var wanted = ids.ToHashSet();
        var similar = new Dictionary<int, int>();
        foreach (var row in signatures.Where(s => wanted.Contains(s.Id)))
        {
            var count = signatures.Count(s => s.Id != row.Id && OpinionFingerprint.Similarity(row.Fingerprint, s.Fingerprint) >= OpinionFingerprint.SimilarFrom);
            if (count > 0)
            {
                similar[row.Id] = count;
            }
        }
        var idList = wanted.ToList();
        var merged = await Visible(db, access).Where(o => o.DuplicateOfId != null && idList.Contains(o.DuplicateOfId.Value))
            .GroupBy(o => o.DuplicateOfId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var primaries = await db.Set<Opinion>().AsNoTracking()
            .Where(o => idList.Contains(o.Id) && o.DuplicateOfId != null)
            .Join(db.Set<Opinion>(), o => o.DuplicateOfId, p => p.Id, (o, p) => new { o.Id, p.ReceiptNumber })
            .ToDictionaryAsync(x => x.Id, x => x.ReceiptNumber, ct);
        return new SimilarInfo(similar, merged, primaries);
    }

    /// <summary>The opinions similar to <paramref name="id"/> and those merged into it, most similar first; null when the actor may not see it.</summary>
    public async Task<IReadOnlyList<SimilarOpinion>?> SimilarToAsync(Actor actor, string slug, int id, CancellationToken ct = default)
    {
        var access = await AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await Visible(db, access).Where(o => o.Id == id).Select(o => new { o.Fingerprint }).FirstOrDefaultAsync(ct);
        if (own is null)
        {
            return null;
        }
        var candidates = await Visible(db, access).Where(o => o.Id != id && (o.DuplicateOfId == id || (o.DuplicateOfId == null && o.Fingerprint != null)))
            .Select(o => new { o.Id, o.Fingerprint, o.DuplicateOfId }).ToListAsync(ct);
        var scored = candidates
            .Select(c => (c.Id, Score: OpinionFingerprint.Similarity(own.Fingerprint, c.Fingerprint), Merged: c.DuplicateOfId == id))
            .Where(c => c.Merged || c.Score >= OpinionFingerprint.SimilarFrom)
            .OrderByDescending(c => c.Merged).ThenByDescending(c => c.Score).ThenBy(c => c.Id)
            .Take(200)
            .ToList();
        var keep = scored.Select(s => s.Id).ToList();
        var sectionBodies = access.Sections.ToDictionary(s => s.SectionId, s => s.BodyId);
        var rows = await db.Set<Opinion>().AsNoTracking().Where(o => keep.Contains(o.Id))
            .Select(o => new { o.Id, o.ReceiptNumber, o.SubmitterName, o.Institution, o.Text, o.AssignedBodyId, o.SectionId })
            .ToDictionaryAsync(o => o.Id, ct);
        return scored.Select(s =>
        {
            var o = rows[s.Id];
            var body = o.AssignedBodyId ?? (o.SectionId is { } section ? sectionBodies.GetValueOrDefault(section) : null);
            return new SimilarOpinion(o.Id, o.ReceiptNumber, o.SubmitterName, o.Institution, o.Text.Length <= 160 ? o.Text : o.Text[..160] + "…", s.Score, s.Merged,
                access.SeesAll || (body is { } b && access.TriageBodies.Contains(b)));
        }).ToList();
    }

    /// <summary>
    /// Merges <paramref name="opinionIds"/> into <paramref name="primaryId"/>; all or nothing, every one
    /// (the primary too) must be the actor's to triage. Opinions already merged into one of them move
    /// to the new primary, so a group never nests.
    /// </summary>
    public async Task<Result> MergeAsync(Actor actor, string slug, int primaryId, IReadOnlyCollection<int> opinionIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(opinionIds);
        var others = opinionIds.Where(i => i != primaryId).Distinct().ToList();
        if (others.Count == 0)
        {
            return Refusals.Consult.NothingSelected;
        }
        var access = await AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = others.Append(primaryId).ToList();
        var opinions = await db.Set<Opinion>().Where(o => o.ConsultationId == access.Consultation.Id && all.Contains(o.Id)).ToListAsync(ct);
        if (opinions.Count != all.Count)
        {
            return Refusals.Consult.NotFound;
        }
        if (opinions.Any(o => !MayTriage(access, o)))
        {
            return Refusals.Consult.NotAllowed;
        }
        var primary = opinions.Single(o => o.Id == primaryId);
        var followers = await db.Set<Opinion>().Where(o => o.DuplicateOfId != null && others.Contains(o.DuplicateOfId.Value)).ToListAsync(ct);
        try
        {
            foreach (var opinion in opinions.Where(o => o.Id != primaryId).Concat(followers.Where(f => f.Id != primaryId)))
            {
                if (opinion.DuplicateOfId is not null)
                {
                    opinion.Unmerge();
                }
                opinion.MergeInto(primary);
            }
        }
        catch (DomainException)
        {
            return Refusals.Consult.MergeRefused;
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Takes opinions out of their group; all or nothing.</summary>
    public async Task<Result> UnmergeAsync(Actor actor, string slug, IReadOnlyCollection<int> opinionIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(opinionIds);
        return await ChangeAsync(actor, slug, opinionIds, opinion =>
        {
            if (opinion.DuplicateOfId is null)
            {
                return Refusals.Consult.MergeRefused;
            }
            opinion.Unmerge();
            return null;
        }, ct);
    }

    /// <summary>Gives the duplicates of the classified opinions the same answer, in the same unit of work.</summary>
    private static async Task ShareAnswersAsync(PlanDbContext db, IReadOnlyList<Opinion> primaries, CancellationToken ct)
    {
        var ids = primaries.Select(p => p.Id).ToList();
        var byId = primaries.ToDictionary(p => p.Id);
        foreach (var duplicate in await db.Set<Opinion>().Where(o => o.DuplicateOfId != null && ids.Contains(o.DuplicateOfId.Value)).ToListAsync(ct))
        {
            duplicate.ShareAnswerOf(byId[duplicate.DuplicateOfId!.Value]);
        }
    }

    private static bool MayTriage(InboxAccess access, Opinion opinion)
    {
        var sectionBodies = access.Sections.ToDictionary(s => s.SectionId, s => s.BodyId);
        var body = opinion.AssignedBodyId ?? (opinion.SectionId is { } s ? sectionBodies.GetValueOrDefault(s) : null);
        return access.SeesAll || (body is { } b && access.TriageBodies.Contains(b));
    }

    private static async Task BackfillAsync(PlanDbContext db, int consultationId, CancellationToken ct)
    {
        var missing = await db.Set<Opinion>().Where(o => o.ConsultationId == consultationId && o.Fingerprint == null && o.State != OpinionState.NeedsAttention)
            .OrderBy(o => o.Id).Take(BackfillBatch).ToListAsync(ct);
        foreach (var opinion in missing)
        {
            opinion.EnsureFingerprint();
        }
        if (missing.Any(o => o.Fingerprint is not null))
        {
            await db.SaveChangesAsync(ct);
        }
    }
}
