using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Workflow;

/// <summary>
/// Workflow's part of the edit path: an edit to an approved section reopens it, in the edit's own
/// transaction, and records the step for the vice-chair's bell; every few seconds an edit also
/// refreshes the section's "last changed".
/// </summary>
internal sealed class ReopenOnEdit : ICommitParticipant
{
    public async Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct)
    {
        if (batch.Accepted.Count == 0
            || (!batch.Touch && !await db.Sections.AnyAsync(s => s.Id == batch.SectionId && s.Status == SectionStatus.Approved, ct)))
        {
            return false;
        }
        var section = await db.Sections.FirstAsync(s => s.Id == batch.SectionId, ct);
        if (!section.MarkEdited(batch.At))
        {
            return false;
        }
        await SectionWorkflow.RecordAsync(db, batch.SectionId, SectionEventKind.Reopened, null, batch.Version, null, batch.At, ct);
        return true;
    }
}
