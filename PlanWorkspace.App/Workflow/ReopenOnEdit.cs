using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Workflow;

/// <summary>
/// Workflow's part of the edit path: an edit to an approved section reopens it, in the edit's own
/// transaction, and records the step for the vice-chair's bell; every few seconds an edit also
/// refreshes the section's "last changed". On PostgreSQL every commit takes the section's row lock
/// (<see cref="PlanDatabase.LockSectionAsync"/>) so it cannot interleave with a sign-off step.
/// </summary>
internal sealed class ReopenOnEdit(SectionStatusStamp stamps) : ICommitParticipant
{
    // SQLite: the status last read per section, with the sign-off stamp it was read under. While
    // the stamp stands still no sign-off step ran, so "not approved" still holds and the commit
    // asks nothing; every sign-off step moves it (SectionStatusStamp). Only "not approved" is
    // trusted, and a reopen forgets the section, so a commit that fails cannot leave it wrong.
    private readonly ConcurrentDictionary<int, long> _notApprovedAt = new();

    public async Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct)
    {
        if (batch.Accepted.Count == 0)
        {
            return false;
        }
        // PostgreSQL (READ COMMITTED): the section's row lock, whatever its status, orders this
        // commit with a sign-off step in flight on another instance (SectionWorkflow takes it too):
        // an approval committed first is seen here and reopened; one still waiting reads this
        // version and is refused as stale. It replaces the status query, so it costs no round trip.
        var locked = db.IsPostgres() ? await PlanDatabase.LockSectionAsync(db, batch.SectionId, ct) : null;
        if (!batch.Touch && !(locked is not null
                ? locked.Status == SectionStatus.Approved
                : await IsApprovedAsync(db, batch.SectionId, ct)))
        {
            return false;
        }
        var section = locked ?? await db.Sections.FirstAsync(s => s.Id == batch.SectionId, ct);
        if (!section.MarkEdited(batch.At))
        {
            return false;
        }
        _notApprovedAt.TryRemove(batch.SectionId, out _);
        await SectionWorkflow.RecordAsync(db, batch.SectionId, SectionEventKind.Reopened, null, batch.Version, null, batch.At, ct);
        return true;
    }

    private async Task<bool> IsApprovedAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        var stamp = stamps.Current;
        if (_notApprovedAt.TryGetValue(sectionId, out var readAt) && readAt == stamp)
        {
            return false;
        }
        var approved = await db.Sections.AnyAsync(s => s.Id == sectionId && s.Status == SectionStatus.Approved, ct);
        if (!approved)
        {
            _notApprovedAt[sectionId] = stamp;
        }
        return approved;
    }
}
