using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Workflow;

/// <summary>A section's sign-off step as the review queue and the activity list show it.</summary>
public sealed record SectionEventView(int SectionId, string SectionTitle, SectionEventKind Kind, string? ActorName, int Version, string? Note, DateTimeOffset At);

/// <summary>
/// The sign-off workflow: chairs submit their body's section, the vice-chair approves it or
/// requests changes (the note may be anchored to a passage as a comment thread). Each step is
/// recorded with the latest committed version and tells the people concerned. Edits after a
/// submission keep it submitted but mark it changed (<see cref="Section.ChangedSinceSubmission"/>);
/// an approval names the version the vice-chair was shown and is refused when the text moved on.
/// </summary>
public sealed class SectionWorkflow(ReviewService review, IDbContextFactory<PlanDbContext> dbFactory, SectionFeed feed, CurrentActors actors,
    SectionStatusStamp stamps, TimeProvider clock)
{
    public Task<Result> SubmitAsync(Actor actor, int sectionId) =>
        StepAsync(actor, sectionId, SectionEventKind.Submitted, null, (section, version, now) => section.Submit(now, version));

    /// <summary>
    /// Approves the section as of <paramref name="reviewedVersion"/>, the version whose text (or diff)
    /// the vice-chair was shown. Refused with <see cref="Refusals.Workflow.ChangedSinceReview"/> when that is no longer
    /// the latest committed version: whatever was typed since has not been reviewed.
    /// </summary>
    public Task<Result> ApproveAsync(Actor actor, int sectionId, int reviewedVersion) =>
        StepAsync(actor, sectionId, SectionEventKind.Approved, null, (section, version, now) => section.Approve(now, reviewedVersion, version));

    /// <summary>Sends the section back with <paramref name="note"/>; with a selection, the note also starts a thread on that passage.</summary>
    public async Task<Result> RequestChangesAsync(Actor actor, int sectionId, string note, SelectionAt? passage = null)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return Refusals.Workflow.NoteRequired;
        }
        if (note.Trim().Length > 4000)
        {
            return Refusals.Review.TooLong.With(4000);
        }
        var result = await StepAsync(actor, sectionId, SectionEventKind.ChangesRequested, note.Trim(), (section, _, now) => section.RequestChanges(note, now));
        if (result.Succeeded && passage is { } p && p.To > p.From)
        {
            var thread = await review.StartThreadAsync(actor, sectionId, p, note);
            if (!thread.Succeeded)
            {
                return thread.WithoutValue();
            }
        }
        return result;
    }

    /// <summary>Sections waiting for the vice-chair, oldest submission first.</summary>
    public async Task<IReadOnlyList<Section>> SubmittedAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.CanReviewSection(actor))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Sections.AsNoTracking().Where(s => s.Status == SectionStatus.Submitted).ToListAsync(ct)).OrderBy(s => s.UpdatedAt).ToList();
    }

    /// <summary>Recent sign-off steps across the sections <paramref name="actor"/> may read, newest first.</summary>
    public async Task<IReadOnlyList<SectionEventView>> RecentAsync(Actor actor, int count = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sections = await db.Sections.AsNoTracking().Select(s => new { s.Id, s.Title, s.BodyId }).ToListAsync(ct);
        var readable = sections.Where(s => AccessPolicy.CanReadSection(actor, s.BodyId)).ToDictionary(s => s.Id, s => s.Title);
        var ids = readable.Keys.ToList();
        var events = (await db.SectionEvents.AsNoTracking().Where(e => ids.Contains(e.SectionId)).ToListAsync(ct))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(count).ToList();
        var actorIds = events.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => actorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        return events.Select(e => new SectionEventView(e.SectionId, readable[e.SectionId], e.Kind, e.ActorId is { } a ? names.GetValueOrDefault(a) : null, e.Version, e.Note, e.At)).ToList();
    }

    /// <summary>Unread notifications of <paramref name="actor"/>, newest first, with the section titles.</summary>
    public async Task<IReadOnlyList<(Notification Notification, string SectionTitle)>> UnreadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.PersonId == actor.PersonId && n.ReadAt == null)
            .Join(db.Sections, n => n.SectionId, s => s.Id, (n, s) => new { n, s.Title }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.n.At).Select(r => (r.n, r.Title)).ToList();
    }

    public async Task MarkReadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var notification in await db.Notifications.Where(n => n.PersonId == actor.PersonId && n.ReadAt == null).ToListAsync(ct))
        {
            notification.MarkRead(clock.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records a step and notifies: submissions and reopenings go to the vice-chair(s), decisions to the body's writers.</summary>
    internal static async Task RecordAsync(PlanDbContext db, int sectionId, SectionEventKind kind, int? actorId, int version, string? note, DateTimeOffset now, CancellationToken ct)
    {
        db.SectionEvents.Add(new SectionEvent(sectionId, kind, actorId, version, note, now));
        var bodyId = await db.Sections.Where(s => s.Id == sectionId).Select(s => s.BodyId).FirstAsync(ct);
        var people = await db.People.AsNoTracking().Include(p => p.Memberships).ToListAsync(ct);
        var recipients = people.Where(p =>
        {
            var actor = Actor.From(p);
            return kind is SectionEventKind.Submitted or SectionEventKind.Reopened ? actor.IsViceChair : actor.WritesFor(bodyId);
        }).Where(p => p.Id != actorId);
        foreach (var person in recipients)
        {
            db.Notifications.Add(new Notification(person.Id, sectionId, kind, now));
        }
    }

    private async Task<Result> StepAsync(Actor actor, int sectionId, SectionEventKind kind, string? note, Action<Section, int, DateTimeOffset> step)
    {
        // The roles the person holds now, not when the page loaded (ADR-001).
        actor = await actors.RefreshAsync(actor);
        await using var db = await dbFactory.CreateDbContextAsync();
        // A write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the section's row lock, which
        // every edit's commit takes too, ReopenOnEdit) before reading the version: no edit can
        // commit between the comparison with the reviewed version and the recorded step.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var section = await PlanDatabase.LockSectionAsync(db, sectionId, default);
        if (section is null || !AccessPolicy.CanReadSection(actor, section))
        {
            return Refusals.Workflow.NotFound;
        }
        var allowed = kind == SectionEventKind.Submitted ? AccessPolicy.CanSubmitSection(actor, section) : AccessPolicy.CanReviewSection(actor);
        if (!allowed)
        {
            return Refusals.Workflow.Forbidden;
        }
        // The committed op log, not the live session: only stored text can be submitted or approved.
        var version = await SectionLog.LatestAsync(db, sectionId, default);
        try
        {
            step(section, version, clock.GetUtcNow());
        }
        catch (StaleReviewException e)
        {
            return e.Refusal;
        }
        catch (DomainException)
        {
            return Refusals.Workflow.WrongStatus;
        }
        await RecordAsync(db, sectionId, kind, actor.PersonId, version, note, clock.GetUtcNow(), default);
        // Before the commit, under the write lock: no edit's commit can read the old status after it.
        stamps.Bump();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        stamps.Bump();
        await feed.PublishAsync(new SectionStatusChanged(sectionId));
        return Result.Ok;
    }
}
