using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Identity;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>Reads and writes the review items' anchors for a live session.</summary>
internal static class ReviewEffects
{
    /// <summary>Stores moved and orphaned anchors (and suggestions' current text and outdated state).</summary>
    public static async Task ApplyAsync(PlanDbContext db, IReadOnlyList<ReviewEffect> effects)
    {
        if (effects.Count == 0)
        {
            return;
        }
        var suggestionIds = effects.Where(e => e.Kind == ReviewMarkKind.Suggestion).Select(e => e.ItemId).ToList();
        var threadIds = effects.Where(e => e.Kind == ReviewMarkKind.Thread).Select(e => e.ItemId).ToList();
        var suggestions = suggestionIds.Count == 0 ? [] : await db.Suggestions.Where(s => suggestionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var threads = threadIds.Count == 0 ? [] : await db.CommentThreads.Where(t => threadIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id);
        foreach (var effect in effects)
        {
            if (effect.Kind == ReviewMarkKind.Suggestion && suggestions.TryGetValue(effect.ItemId, out var suggestion) && suggestion.IsPending)
            {
                if (effect.Orphaned)
                {
                    suggestion.Orphan(effect.Anchor.Version);
                }
                else
                {
                    suggestion.Track(effect.Anchor, effect.CurrentText);
                }
            }
            else if (effect.Kind == ReviewMarkKind.Thread && threads.TryGetValue(effect.ItemId, out var thread))
            {
                if (effect.Orphaned)
                {
                    thread.Orphan(effect.Anchor.Version);
                }
                else
                {
                    thread.Track(effect.Anchor);
                }
            }
        }
    }

    /// <summary>The pending suggestions and the threads not orphaned, as marks to track.</summary>
    public static async Task<IReadOnlyList<StoredMark>> LoadMarksAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => s.SectionId == sectionId && (s.State == SuggestionState.Open || s.State == SuggestionState.Outdated))
            .ToListAsync(ct);
        var threads = await db.CommentThreads.AsNoTracking()
            .Where(t => t.SectionId == sectionId && !t.Orphaned)
            .ToListAsync(ct);
        var authorIds = suggestions.Select(s => s.AuthorId).Concat(threads.Select(t => t.StarterId)).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        return
        [
            .. suggestions.Select(s => new StoredMark(SuggestionMark(s, names.GetValueOrDefault(s.AuthorId, "?")), s.Anchor, s.CurrentText)),
            .. threads.Select(t => new StoredMark(ThreadMark(t, names.GetValueOrDefault(t.StarterId, "?")), t.Anchor, string.Empty)),
        ];
    }

    public static ReviewMark SuggestionMark(Suggestion s, string authorName) =>
        new(ReviewMarkKind.Suggestion, s.Id, s.AuthorId, authorName, PersonColors.Of(s.AuthorId), s.Quote, s.Replacement, Resolved: false);

    public static ReviewMark ThreadMark(CommentThread t, string starterName) =>
        new(ReviewMarkKind.Thread, t.Id, t.StarterId, starterName, PersonColors.Of(t.StarterId), t.Quote, string.Empty, t.Resolved);
}
