using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// Opinion → suggestion (issue 13): from an opinion that quotes a passage of the frozen draft, one
/// who may triage it (its body's chair, TF lead or secretariat, the vice-chair, the secretariat)
/// opens a suggestion on the live section at the place the passage has now. The passage is found
/// in the section's text at the consultation's pinned version, its range is carried through every
/// op stored since (the op log, as the history reads it), and the existing <see cref="ReviewService"/>
/// creates the suggestion — so its checks, anchors and marks are the usual ones. The opinion then
/// links to the suggestion; once accepted, the suggestion's applied version is the edit that
/// reflected the opinion.
/// </summary>
public sealed class OpinionSuggestions(IDbContextFactory<PlanDbContext> dbFactory, OpinionTriage triage, SectionLog history, ReviewService review)
{
    /// <summary>
    /// Opens the suggestion and links it. Returns the suggestion's id, or a refusal
    /// (one of <see cref="Refusals.Consult"/>, or the review service's own).
    /// </summary>
    public async Task<Result<int>> SuggestAsync(Actor actor, string slug, int opinionId, string? replacement, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var access = await triage.AccessAsync(actor, slug, ct);
        if (access is null)
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var opinion = await db.Set<Opinion>().AsNoTracking()
            .Where(o => o.Id == opinionId && o.ConsultationId == access.Consultation.Id)
            .Select(o => new { o.SectionId, o.AssignedBodyId, o.QuotedPassage, o.QuoteAnchor, o.State, o.SuggestionId, o.ReceiptNumber })
            .FirstOrDefaultAsync(ct);
        if (opinion is null)
        {
            return Refusals.Consult.NotFound;
        }
        var section = opinion.SectionId is { } sectionId ? access.Sections.FirstOrDefault(s => s.SectionId == sectionId) : null;
        var body = opinion.AssignedBodyId ?? section?.BodyId;
        if (!access.SeesAll && !(body is { } b && access.TriageBodies.Contains(b)))
        {
            return Refusals.Consult.NotAllowed;
        }
        if (opinion.State == OpinionState.NeedsAttention)
        {
            return Refusals.Consult.NeedsRelease;
        }
        if (opinion.SuggestionId is not null)
        {
            return Refusals.Consult.AlreadySuggested;
        }
        if (section is null || string.IsNullOrWhiteSpace(opinion.QuotedPassage))
        {
            return Refusals.Consult.NoPassage;
        }

        var selection = await MapAsync(section, opinion.QuotedPassage, opinion.QuoteAnchor, ct);
        if (selection is null)
        {
            return Refusals.Consult.PassageGone;
        }
        var note = $"[{opinion.ReceiptNumber}] {reason?.Trim()}".Trim();
        var created = await review.SuggestAsync(actor, section.SectionId, selection, replacement, note);
        if (!created.Succeeded)
        {
            return created;
        }
        // Linked only if no one else linked one meanwhile; otherwise the new suggestion is taken back,
        // so an opinion never ends with two (or a suggestion with no opinion).
        var linked = await db.Set<Opinion>().Where(o => o.Id == opinionId && o.SuggestionId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.SuggestionId, created.Value), ct);
        if (linked == 0)
        {
            await review.WithdrawAsync(actor, created.Value);
            return Refusals.Consult.AlreadySuggested;
        }
        return created;
    }

    /// <summary>
    /// The quoted passage's range in the section's current stored text, with that text: found at the
    /// consultation's pinned version, then mapped through each later op (an insertion at an edge stays outside).
    /// </summary>
    private async Task<SelectionAt?> MapAsync(ConsultationSection section, string quote, string? anchor, CancellationToken ct)
    {
        if (await history.TextAtAsync(section.SectionId, section.Version, false, ct) is not { } frozen)
        {
            return null;
        }
        int? block = ParagraphAnchor.TryParse(anchor, out var ordinal, out var paragraph) && ordinal == section.Ordinal ? paragraph : null;
        if (QuoteLocator.Find(frozen.Text, quote, block) is not { } range)
        {
            return null;
        }
        var (from, to) = range;
        var latest = Math.Max(section.Version, await history.LatestVersionAsync(section.SectionId, ct));
        var rope = new Rope(frozen.Text);
        foreach (var op in await history.OpsAsync(section.SectionId, section.Version, latest, ct))
        {
            var changes = op.ToChangeSet(rope.Length);
            (from, to) = (changes.MapPosition(from, 1), changes.MapPosition(to, -1));
            to = Math.Max(from, to);
            op.ApplyTo(rope);
        }
        // Drafting deleted the whole passage since: there is no place left to suggest at.
        return from == to ? null : new SelectionAt(latest, from, to, rope.ToString()[from..to]);
    }
}
