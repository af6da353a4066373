using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Consultation;

/// <summary>What the inbox filters on; null or empty means "any".</summary>
public sealed record OpinionFilter(
    int? SectionId = null,
    int? BodyId = null,
    InstitutionCategory? Category = null,
    string? Institution = null,
    OpinionState? State = null,
    string? Search = null,
    int Page = 0,
    int PageSize = 50,
    int? AssigneeBodyId = null)
{
    /// <summary>The <see cref="AssigneeBodyId"/> that means "assigned to no body yet".</summary>
    public const int Unassigned = 0;
}

/// <summary>An opinion as a row of the inbox (no attachment bytes).</summary>
public sealed record OpinionRow(
    int Id, string ReceiptNumber, DateTimeOffset ReceivedAt, OpinionSource Source, string SubmitterName, string? Institution,
    InstitutionCategory Category, string Email, int? SectionId, string? SectionHeading, int? BodyId, string? QuotedPassage, string? QuoteAnchor,
    string? Subject, string Text, OpinionState State, string? AttentionReason, OpinionClassification? Classification, string? ClassificationReason,
    int? DuplicateOfId, IReadOnlyList<string> Attachments, bool CanTriage, OpinionSuggestionLink? Suggestion = null,
    IReadOnlyList<AttachmentTextNote>? AttachmentNotes = null);

/// <summary>An attachment whose text could not be read for the search, and why (shown on the inbox card).</summary>
public sealed record AttachmentTextNote(string FileName, AttachmentTextProblem Problem);

/// <summary>The suggestion opened from an opinion, its state and, once accepted, the version of the edit that reflected it.</summary>
public sealed record OpinionSuggestionLink(int Id, SuggestionState State, int? AppliedVersion);

/// <summary>
/// A page of the inbox and how many matched: exact up to <see cref="OpinionTriage.CountLimit"/>; at
/// the limit <see cref="TotalIsCapped"/> says "at least that many".
/// </summary>
public sealed record OpinionPage(IReadOnlyList<OpinionRow> Rows, int Total, bool TotalIsCapped = false);

/// <summary>What the actor may do in a consultation's inbox.</summary>
public sealed record InboxAccess(PublicConsultation Consultation, IReadOnlyList<ConsultationSection> Sections, bool SeesAll, IReadOnlySet<int> ReadableBodies, IReadOnlySet<int> TriageBodies, bool CanImport);

/// <summary>
/// The triage inbox's rules and queries, checked here on every call with the actor's current
/// memberships: the vice-chair and the secretariat see and triage every opinion; a chair or TF lead
/// sees and triages the opinions on their body's sections (or assigned to their body); an advisor
/// reads those of the bodies they advise; nobody else sees any. Search is SQLite FTS5 with the
/// trigram tokenizer (substrings, so Korean works without a morphological analyser); a query
/// shorter than three characters falls back to LIKE, which the trigram index cannot answer.
/// On PostgreSQL the same substrings are found with ILIKE over pg_trgm indexes (ADR-012).
/// </summary>
public sealed partial class OpinionTriage(IDbContextFactory<PlanDbContext> dbFactory, MailImporter importer, TimeProvider clock)
{
    /// <summary>
    /// Counting stops here ("1,000+"): an exact count of a common word over 10,000 opinions reads
    /// every match (or, under three characters, every text) for a number no one pages through.
    /// </summary>
    public const int CountLimit = 1_000;

    /// <summary>The actor's access to the consultation's inbox, or null when they may not open it.</summary>
    public async Task<InboxAccess?> AccessAsync(Actor actor, string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null)
        {
            return null;
        }
        var seesAll = ConsultationService.CanRun(actor);
        var triage = actor.Roles.Where(r => r.BodyId is not null && r.Role is Role.Chair or Role.TaskForceLead or Role.Secretariat).Select(r => r.BodyId!.Value).ToHashSet();
        var readable = triage.Concat(actor.Roles.Where(r => r.Role == Role.Advisor && r.BodyId is not null).Select(r => r.BodyId!.Value)).ToHashSet();
        if (!seesAll && readable.Count == 0)
        {
            return null;
        }
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id).OrderBy(s => s.Ordinal).ToListAsync(ct);
        return new InboxAccess(consultation, sections, seesAll, readable, triage, seesAll);
    }

    /// <summary>The opinions the actor may see that match the filter, newest first.</summary>
    public async Task<OpinionPage?> ListAsync(Actor actor, string slug, OpinionFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var access = await AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visible(db, access);
        if (filter.SectionId is { } sectionId)
        {
            query = query.Where(o => o.SectionId == sectionId);
        }
        if (filter.BodyId is { } bodyId)
        {
            // The consultation's sections are already in hand: a constant list, not a join per row.
            var bodySections = access.Sections.Where(s => s.BodyId == bodyId).Select(s => (int?)s.SectionId).ToList();
            query = query.Where(o => o.AssignedBodyId == bodyId || bodySections.Contains(o.SectionId));
        }
        if (filter.AssigneeBodyId is { } assignee)
        {
            query = assignee == OpinionFilter.Unassigned ? query.Where(o => o.AssignedBodyId == null) : query.Where(o => o.AssignedBodyId == assignee);
        }
        if (filter.Category is { } category)
        {
            query = query.Where(o => o.Category == category);
        }
        if (!string.IsNullOrWhiteSpace(filter.Institution))
        {
            var institution = Like(filter.Institution.Trim());
            // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, its ILIKE does.
            query = db.IsPostgres()
                ? query.Where(o => o.Institution != null && EF.Functions.ILike(o.Institution, institution, "\\"))
                : query.Where(o => o.Institution != null && EF.Functions.Like(o.Institution, institution, "\\"));
        }
        if (filter.State is { } state)
        {
            query = query.Where(o => o.State == state);
        }
        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            search = search.Length > 200 ? search[..200] : search;
            if (db.IsPostgres())
            {
                // PostgreSQL: ILIKE over the columns SQLite's FTS5 table holds, answered from pg_trgm
                // GIN indexes for three characters or more (PostgresPlanDbContext), a scan below that.
                var pattern = Like(search);
                query = query.Where(o => EF.Functions.ILike(o.Text, pattern, "\\")
                    || (o.Institution != null && EF.Functions.ILike(o.Institution, pattern, "\\"))
                    || EF.Functions.ILike(o.SubmitterName, pattern, "\\")
                    || (search.Length >= 3 && o.QuotedPassage != null && EF.Functions.ILike(o.QuotedPassage, pattern, "\\"))
                    || (search.Length >= 3 && o.Subject != null && EF.Functions.ILike(o.Subject, pattern, "\\"))
                    || (search.Length >= 3 && o.AttachmentText != null && EF.Functions.ILike(o.AttachmentText, pattern, "\\")));
            }
            else if (search.Length >= 3)
            {
                // A phrase query: the whole text as one quoted string, its quotes doubled, so no FTS5 syntax gets through.
                var phrase = "\"" + search.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                var matches = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM OpinionSearch WHERE OpinionSearch MATCH {phrase}");
                query = query.Where(o => matches.Contains(o.Id));
            }
            else
            {
                var pattern = Like(search);
                query = query.Where(o => EF.Functions.Like(o.Text, pattern, "\\") || (o.Institution != null && EF.Functions.Like(o.Institution, pattern, "\\"))
                    || EF.Functions.Like(o.SubmitterName, pattern, "\\"));
            }
        }
        var total = await query.Take(CountLimit + 1).CountAsync(ct);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        // Two steps (bench consult, ADR-009): first the page's ids, which the indexes on
        // (ConsultationId, …) answer without reading a row's text; then only those rows. Sorting the
        // whole filtered set with its texts to keep 50 of them was most of the old 420 ms p95.
        var ids = await query.OrderByDescending(o => o.Id).Skip(checked(Math.Max(0, filter.Page) * pageSize)).Take(pageSize).Select(o => o.Id).ToListAsync(ct);
        var rows = await db.Set<Opinion>().AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new
            {
                o.Id, o.ReceiptNumber, o.ReceivedAt, o.Source, o.SubmitterName, o.Institution, o.Category, o.Email, o.SectionId, o.AssignedBodyId,
                o.QuotedPassage, o.QuoteAnchor, o.Subject, o.Text, o.State, o.AttentionReason, o.Classification, o.ClassificationReason, o.DuplicateOfId, o.SuggestionId,
            })
            .ToListAsync(ct);
        var suggestionIds = rows.Where(o => o.SuggestionId is not null).Select(o => o.SuggestionId!.Value).ToList();
        Dictionary<int, OpinionSuggestionLink> suggestions = suggestionIds.Count == 0 ? [] : await db.Suggestions.AsNoTracking().Where(x => suggestionIds.Contains(x.Id))
            .Select(x => new OpinionSuggestionLink(x.Id, x.State, x.AppliedVersion)).ToDictionaryAsync(x => x.Id, ct);
        var attachments = (await db.Set<OpinionAttachment>().AsNoTracking().Where(a => ids.Contains(a.OpinionId)).OrderBy(a => a.Id)
                .Select(a => new { a.OpinionId, a.FileName, a.TextProblem }).ToListAsync(ct))
            .ToLookup(a => a.OpinionId);
        var sections = access.Sections.ToDictionary(s => s.SectionId);
        return new OpinionPage(rows.OrderByDescending(o => o.Id).Select(o =>
        {
            var section = o.SectionId is { } id ? sections.GetValueOrDefault(id) : null;
            var bodyId = o.AssignedBodyId ?? section?.BodyId;
            return new OpinionRow(o.Id, o.ReceiptNumber, o.ReceivedAt, o.Source, o.SubmitterName, o.Institution, o.Category, o.Email, o.SectionId,
                section?.Heading, bodyId, o.QuotedPassage, o.QuoteAnchor, o.Subject, o.Text, o.State, o.AttentionReason, o.Classification,
                o.ClassificationReason, o.DuplicateOfId, attachments[o.Id].Select(a => a.FileName).ToList(), access.SeesAll || (bodyId is { } b && access.TriageBodies.Contains(b)),
                o.SuggestionId is { } s ? suggestions.GetValueOrDefault(s) : null,
                attachments[o.Id].Where(a => a.TextProblem is not null).Select(a => new AttachmentTextNote(a.FileName, a.TextProblem!.Value)).ToList());
        }).ToList(), Math.Min(total, CountLimit), total > CountLimit);
    }

    /// <summary>Classifies the opinions with one reason; all or nothing (a single one the actor may not triage refuses the lot).</summary>
    public async Task<Result> ClassifyAsync(Actor actor, string slug, IReadOnlyCollection<int> opinionIds, OpinionClassification classification, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(opinionIds);
        if (opinionIds.Count == 0)
        {
            return Refusals.Consult.NothingSelected;
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > Opinion.MaxReasonLength)
        {
            return Refusals.Consult.ReasonRequired;
        }
        return await ChangeAsync(actor, slug, opinionIds, opinion =>
        {
            if (opinion.State == OpinionState.NeedsAttention)
            {
                return Refusals.Consult.NeedsRelease;
            }
            opinion.Classify(classification, reason, actor.PersonId, clock.GetUtcNow());
            return null;
        }, ct, ShareAnswersAsync);
    }

    /// <summary>
    /// Hands opinions to a body (and optionally one of its sections) of this consultation; all or
    /// nothing. Whoever may triage an opinion may pass it on, so it reaches the body that answers it.
    /// </summary>
    public async Task<Result> AssignAsync(Actor actor, string slug, IReadOnlyCollection<int> opinionIds, int bodyId, int? sectionId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(opinionIds);
        if (opinionIds.Count == 0)
        {
            return Refusals.Consult.NothingSelected;
        }
        var access = await AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return Refusals.Consult.NotAllowed;
        }
        if (!access.Sections.Any(s => s.BodyId == bodyId) || (sectionId is { } s && !access.Sections.Any(x => x.SectionId == s && x.BodyId == bodyId)))
        {
            return Refusals.Consult.AssignTarget;
        }
        return await ChangeAsync(actor, slug, opinionIds, opinion =>
        {
            if (opinion.State == OpinionState.NeedsAttention)
            {
                return Refusals.Consult.NeedsRelease;
            }
            opinion.Assign(bodyId, sectionId);
            return null;
        }, ct);
    }

    /// <summary>Releases opinions that needed attention into triage.</summary>
    public Task<Result> ReleaseAsync(Actor actor, string slug, IReadOnlyCollection<int> opinionIds, CancellationToken ct = default) =>
        ChangeAsync(actor, slug, opinionIds, opinion =>
        {
            if (opinion.State == OpinionState.NeedsAttention)
            {
                opinion.Release();
            }
            return null;
        }, ct);

    /// <summary>Imports an uploaded .eml or .mbox (vice-chair and secretariat).</summary>
    public async Task<Result<ImportReport>> ImportAsync(Actor actor, string slug, Stream upload, IProgress<ImportReport>? progress, CancellationToken ct = default)
    {
        var access = await AccessAsync(actor, slug, ct);
        if (access is null || !access.CanImport)
        {
            return Refusals.Consult.NotAllowed;
        }
        return await importer.ImportStreamAsync(upload, slug, progress, ct);
    }

    private async Task<Result> ChangeAsync(Actor actor, string slug, IReadOnlyCollection<int> opinionIds, Func<Opinion, Refusal?> change, CancellationToken ct,
        Func<PlanDbContext, IReadOnlyList<Opinion>, CancellationToken, Task>? alsoChange = null)
    {
        var access = await AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = opinionIds.Distinct().ToList();
        var opinions = await db.Set<Opinion>().Where(o => o.ConsultationId == access.Consultation.Id && ids.Contains(o.Id)).ToListAsync(ct);
        if (opinions.Count != ids.Count)
        {
            return Refusals.Consult.NotFound;
        }
        var sectionBodies = access.Sections.ToDictionary(s => s.SectionId, s => s.BodyId);
        foreach (var opinion in opinions)
        {
            var body = opinion.AssignedBodyId ?? (opinion.SectionId is { } s ? sectionBodies.GetValueOrDefault(s) : null);
            if (!access.SeesAll && !(body is { } b && access.TriageBodies.Contains(b)))
            {
                return Refusals.Consult.NotAllowed;
            }
            if (change(opinion) is { } refusal)
            {
                return refusal;
            }
        }
        if (alsoChange is not null)
        {
            await alsoChange(db, opinions, ct);
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>The opinions of the consultation the access allows (for the dashboard's figures).</summary>
    internal static IQueryable<Opinion> VisibleTo(PlanDbContext db, InboxAccess access) => Visible(db, access);

    /// <summary>The opinions of the consultation the access allows: all, or those on (or assigned to) the readable bodies.</summary>
    private static IQueryable<Opinion> Visible(PlanDbContext db, InboxAccess access)
    {
        var query = db.Set<Opinion>().AsNoTracking().Where(o => o.ConsultationId == access.Consultation.Id);
        if (access.SeesAll)
        {
            return query;
        }
        var bodies = access.ReadableBodies.ToList();
        var sections = access.Sections.Where(s => bodies.Contains(s.BodyId)).Select(s => (int?)s.SectionId).ToList();
        return query.Where(o => (o.AssignedBodyId != null && bodies.Contains(o.AssignedBodyId.Value)) || sections.Contains(o.SectionId));
    }

    private static string Like(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
