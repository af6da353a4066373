using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>A consultation as the management page lists it.</summary>
public sealed record ConsultationSummary(string Slug, string Title, int PlanVersionId, string PlanVersionName, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string ContactEmail, string Notice, ConsultationState State);

/// <summary>A named plan version a consultation may publish.</summary>
public sealed record PlanVersionChoice(int Id, string Name, DateTimeOffset CreatedAt);

// Drafts (issue 13, deliver 1): the vice-chair or the secretariat prepares a consultation — title,
// period, contact, notice, the named plan version — changes it while it is a draft, and opens it,
// which freezes the text. Every step checks the role here, not in the page.
public sealed partial class ConsultationService
{
    /// <summary>Every consultation, newest first (only for those who run consultations; others get null).</summary>
    public async Task<IReadOnlyList<ConsultationSummary>?> ListAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanRun(actor))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PublicConsultation>().AsNoTracking().OrderByDescending(c => c.Id)
            .Join(db.Set<PlanVersion>(), c => c.PlanVersionId, v => v.Id, (c, v) => new ConsultationSummary(
                c.Slug, c.Title, c.PlanVersionId, v.Name, c.StartsAt, c.EndsAt, c.ContactEmail, c.Notice, c.State))
            .Take(200).ToListAsync(ct);
    }

    /// <summary>The named plan versions, newest first.</summary>
    public async Task<IReadOnlyList<PlanVersionChoice>> PlanVersionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PlanVersion>().AsNoTracking().OrderByDescending(v => v.Id).Take(200)
            .Select(v => new PlanVersionChoice(v.Id, v.Name, v.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>Creates a draft (not public, text not yet frozen).</summary>
    public async Task<Result<PublicConsultation>> CreateDraftAsync(Actor actor, ConsultationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!CanRun(actor))
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Set<PlanVersion>().AnyAsync(v => v.Id == request.PlanVersionId, ct))
        {
            return Refusals.Consult.NotFound;
        }
        if (await db.Set<PublicConsultation>().AnyAsync(c => c.Slug == request.Slug, ct))
        {
            return Refusals.Consult.SlugTaken;
        }
        PublicConsultation consultation;
        try
        {
            consultation = new PublicConsultation(request.Slug, request.Title, request.PlanVersionId, request.StartsAt, request.EndsAt,
                request.ContactEmail, request.Notice, actor.PersonId, clock.GetUtcNow());
        }
        catch (DomainException refused)
        {
            // The entity's own reason (the period's order, the slug's form, a field's length), said in the form.
            return refused.Refusal;
        }
        db.Add(consultation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another draft took the slug between the check and the save.
            return Refusals.Consult.SlugTaken;
        }
        return consultation;
    }

    /// <summary>Changes a draft's title, version, period, contact and notice (the slug stays: it may have been announced).</summary>
    public async Task<Result<PublicConsultation>> ReviseDraftAsync(Actor actor, string slug, ConsultationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!CanRun(actor))
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null || !await db.Set<PlanVersion>().AnyAsync(v => v.Id == request.PlanVersionId, ct))
        {
            return Refusals.Consult.NotFound;
        }
        if (consultation.State != ConsultationState.Draft)
        {
            return Refusals.Consult.WrongState;
        }
        try
        {
            consultation.Revise(request.Title, request.PlanVersionId, request.StartsAt, request.EndsAt, request.ContactEmail, request.Notice);
        }
        catch (DomainException refused)
        {
            // The entity's own reason (the period's order, the slug's form, a field's length), said in the form.
            return refused.Refusal;
        }
        await db.SaveChangesAsync(ct);
        return consultation;
    }

    /// <summary>Freezes the draft's plan version (rendered in every culture) and opens it to the public.</summary>
    public async Task<Result<PublicConsultation>> OpenDraftAsync(Actor actor, string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanRun(actor))
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null)
        {
            return Refusals.Consult.NotFound;
        }
        if (consultation.State != ConsultationState.Draft)
        {
            return Refusals.Consult.WrongState;
        }
        var version = await db.Set<PlanVersion>().AsNoTracking().FirstAsync(v => v.Id == consultation.PlanVersionId, ct);
        await FreezeAndOpenAsync(db, consultation, version, ct);
        return consultation;
    }
}
