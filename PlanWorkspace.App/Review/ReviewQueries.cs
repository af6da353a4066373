using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>Reads of suggestions and threads, filtered by what the actor may read, with the actions each may take.</summary>
public sealed class ReviewQueries(IDbContextFactory<PlanDbContext> dbFactory)
{
    /// <summary>A section's suggestions and threads as <paramref name="actor"/> may see and act on them, newest first.</summary>
    public async Task<IReadOnlyList<SuggestionView>> SuggestionsAsync(Actor actor, ReviewQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await ReadableSectionsAsync(db, actor, query.BodyId, ct);
        var sectionIds = query.SectionId is { } only ? readable.Keys.Where(id => id == only).ToList() : readable.Keys.ToList();
        var rows = await db.Suggestions.AsNoTracking().Include(s => s.Comments).Where(s => sectionIds.Contains(s.SectionId))
            .Where(s => query.AuthorId == null || s.AuthorId == query.AuthorId)
            .OrderByDescending(s => s.Id).Take(query.Limit).AsSplitQuery().ToListAsync(ct);
        var names = await NamesAsync(db, rows.SelectMany(r => r.Proposers).Concat(rows.Where(r => r.DecidedById != null).Select(r => r.DecidedById!.Value))
            .Concat(rows.SelectMany(r => r.Comments.Select(c => c.AuthorId))), ct);
        return rows.Select(s =>
        {
            var (title, bodyId) = readable[s.SectionId];
            return new SuggestionView(s.Id, s.SectionId, title, bodyId, s.AuthorId, names.GetValueOrDefault(s.AuthorId, "?"), PersonColors.Of(s.AuthorId),
                s.State, s.Kind, s.Quote, s.CurrentText, s.Replacement, s.Reason, s.CreatedAt,
                s.DecidedById is { } d ? names.GetValueOrDefault(d) : null, s.DecisionNote,
                s.IsPending && AccessPolicy.CanDecideSuggestion(actor, bodyId, s.AuthorId, s.OnBehalfOfId),
                s.IsPending && s.AuthorId == actor.PersonId,
                s.Comments.OrderBy(c => c.Id).Select(c => View(c, actor, names)).ToList(),
                AccessPolicy.CanComment(actor, bodyId),
                s.State == SuggestionState.Accepted && s.RevertedVersion is null
                    && (AccessPolicy.CanDecideSuggestion(actor, bodyId, s.AuthorId, s.OnBehalfOfId) || AccessPolicy.CanEditSection(actor, bodyId)),
                s.RevertedVersion,
                s.OnBehalfOfId is { } other ? names.GetValueOrDefault(other, "?") : null);
        }).ToList();
    }

    public async Task<IReadOnlyList<ThreadView>> ThreadsAsync(Actor actor, ReviewQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await ReadableSectionsAsync(db, actor, query.BodyId, ct);
        var sectionIds = query.SectionId is { } only ? readable.Keys.Where(id => id == only).ToList() : readable.Keys.ToList();
        var rows = await db.CommentThreads.AsNoTracking().Include(t => t.Comments)
            .Where(t => sectionIds.Contains(t.SectionId))
            .Where(t => query.AuthorId == null || t.StarterId == query.AuthorId || t.Comments.Any(c => c.AuthorId == query.AuthorId))
            .OrderByDescending(t => t.Id).Take(query.Limit).AsSplitQuery().ToListAsync(ct);
        var names = await NamesAsync(db, rows.SelectMany(t => t.Comments.Select(c => c.AuthorId)).Append(0), ct);
        return rows.Select(t =>
        {
            var (title, bodyId) = readable[t.SectionId];
            return new ThreadView(t.Id, t.SectionId, title, bodyId, t.StarterId, names.GetValueOrDefault(t.StarterId, "?"), PersonColors.Of(t.StarterId), t.Quote,
                t.Resolved, t.Orphaned,
                t.Comments.OrderBy(c => c.Id).Select(c => View(c, actor, names)).ToList(),
                AccessPolicy.CanResolveThread(actor, bodyId, t.StarterId), AccessPolicy.CanComment(actor, bodyId));
        }).ToList();
    }

    private static CommentView View(Comment c, Actor actor, Dictionary<int, string> names) =>
        new(c.Id, c.AuthorId, names.GetValueOrDefault(c.AuthorId, "?"), c.Body, c.CreatedAt, c.Mentions.Contains(actor.PersonId),
            c.EditedAt is not null, c.DeletedAt is not null, c.AuthorId == actor.PersonId && c.DeletedAt is null);

    /// <summary>
    /// Per readable section (optionally of one body or one section): pending suggestions, open threads, and items
    /// waiting for <paramref name="actor"/> (decisions they may make, open threads mentioning them). The one count
    /// every page shows; "open" is <see cref="OpenReviewItems"/>, so a detached thread is not counted.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, ReviewCounts>> CountsAsync(Actor actor, int? bodyId = null, int? sectionId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await ReadableSectionsAsync(db, actor, bodyId, ct);
        var ids = readable.Keys.Where(id => sectionId == null || id == sectionId).ToList();
        var pending = await db.Suggestions.AsNoTracking().Where(OpenReviewItems.Suggestion)
            .Where(s => ids.Contains(s.SectionId))
            .Select(s => new { s.SectionId, s.AuthorId, s.OnBehalfOfId }).ToListAsync(ct);
        var open = await db.CommentThreads.AsNoTracking().Where(OpenReviewItems.Thread)
            .Where(t => ids.Contains(t.SectionId))
            .Select(t => new { t.SectionId, Mentioned = t.Comments.Any(c => c.Mentions.Contains(actor.PersonId)) }).ToListAsync(ct);
        return ids.ToDictionary(id => id, id =>
        {
            var bodyOf = readable[id].BodyId;
            var suggestions = pending.Where(s => s.SectionId == id).ToList();
            var threads = open.Where(t => t.SectionId == id).ToList();
            var forMe = suggestions.Count(s => AccessPolicy.CanDecideSuggestion(actor, bodyOf, s.AuthorId, s.OnBehalfOfId)) + threads.Count(t => t.Mentioned);
            return new ReviewCounts(suggestions.Count, threads.Count, forMe);
        });
    }

    /// <summary>The people who may read the section: whom a comment may mention.</summary>
    public async Task<IReadOnlyList<MentionCandidate>> MentionCandidatesAsync(int sectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bodyId = await db.Sections.Where(s => s.Id == sectionId).Select(s => s.BodyId).FirstOrDefaultAsync(ct);
        return (await ReadersAsync(db, bodyId, ct)).Select(p => new MentionCandidate(p.Id, p.Name, p.Email)).ToList();
    }

    internal static async Task<List<(int Id, string Name, string? Email)>> ReadersAsync(PlanDbContext db, int bodyId, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Include(p => p.Memberships).ToListAsync(ct);
        return people.Where(p => AccessPolicy.CanReadSection(Actor.From(p), bodyId))
            .OrderBy(p => p.DisplayName, StringComparer.Ordinal).Select(p => (p.Id, p.DisplayName, (string?)p.Email)).ToList();
    }

    internal static async Task<Dictionary<int, (string Title, int BodyId)>> ReadableSectionsAsync(PlanDbContext db, Actor actor, int? bodyId, CancellationToken ct)
    {
        var sections = await db.Sections.AsNoTracking().Where(s => bodyId == null || s.BodyId == bodyId)
            .Select(s => new { s.Id, s.Title, s.BodyId }).ToListAsync(ct);
        return sections.Where(s => AccessPolicy.CanReadSection(actor, s.BodyId)).ToDictionary(s => s.Id, s => (s.Title, s.BodyId));
    }

    internal static async Task<Dictionary<int, string>> NamesAsync(PlanDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.People.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
    }
}
