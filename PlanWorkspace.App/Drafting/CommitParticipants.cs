using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// What one commit stores, as its participants see it: the section, the version it ends at, the
/// updates, what they did to the tracked review marks, and whether the section's "last changed"
/// is due (refreshed every few seconds, not per keystroke).
/// </summary>
public sealed record CommitBatch(
    int SectionId,
    int Version,
    IReadOnlyList<AcceptedUpdate> Accepted,
    IReadOnlyList<ReviewEffect> ReviewEffects,
    bool Touch,
    DateTimeOffset At);

/// <summary>
/// A feature's part of a commit, run inside the commit's transaction after the ops are inserted,
/// so what it stores is durable exactly when the edit is (Review: the anchors the edit moved or
/// orphaned; Workflow: reopening an approved section). The op log knows none of their rules.
/// </summary>
public interface ICommitParticipant
{
    /// <summary>Stores this feature's effects of <paramref name="batch"/>; true when it changed the section's status.</summary>
    Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct);
}

/// <summary>The review marks a session starts tracking, read by the feature that owns them.</summary>
public interface IReviewMarkSource
{
    /// <summary>The marks of <paramref name="sectionId"/> to track, valid at the op log's latest version.</summary>
    Task<IReadOnlyList<StoredMark>> LoadMarksAsync(PlanDbContext db, int sectionId, CancellationToken ct);
}
