using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>
/// Review's part of the edit path: the marks a section's session tracks come from here, and the
/// anchors a commit moved or orphaned are stored in the commit's own transaction.
/// </summary>
public sealed class ReviewAnchors : ICommitParticipant, IReviewMarkSource
{
    public async Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct)
    {
        await ReviewEffects.ApplyAsync(db, batch.ReviewEffects);
        return false;
    }

    public Task<IReadOnlyList<StoredMark>> LoadMarksAsync(PlanDbContext db, int sectionId, CancellationToken ct) =>
        ReviewEffects.LoadMarksAsync(db, sectionId, ct);
}
