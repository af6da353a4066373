using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>What the vice-chair fills in to open a consultation.</summary>
public sealed record ConsultationRequest(string Slug, string Title, int PlanVersionId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string ContactEmail, string? Notice);

/// <summary>A public consultation as its page shows it in one culture; <see cref="Report"/> once the report is published.</summary>
public sealed record PublicConsultationView(PublicConsultation Consultation, ConsultationDocument Document, IReadOnlyList<ConsultationSection> Sections,
    IReadOnlyList<ReportRow> Report);

/// <summary>A row of the 의견 수렴 결과 table: the opinion's gist, who sent it (institution, never a person's name), the answer and the decision.</summary>
public sealed record ReportRow(int? SectionOrdinal, string Gist, string? Institution, InstitutionCategory Category, string Answer, OpinionClassification Classification);

/// <summary>
/// Opens, closes and publishes consultations, and freezes their draft. The vice-chair and the
/// secretariat run consultations (DESIGN.md, Roles); every permission is checked here.
/// </summary>
public sealed partial class ConsultationService(
    IDbContextFactory<PlanDbContext> dbFactory,
    AssembledPlanService plans,
    SectionLog history,
    FrozenPlanRenderer renderer,
    IStringLocalizer<SharedResource> planStrings,
    IStringLocalizer<ConsultationResource> strings,
    IOutputCacheStore cache,
    TimeProvider clock)
{
    /// <summary>
    /// Who assembles the frozen draft: the published version is public as a whole, so it is read
    /// with every section visible (the vice-chair's view), by the system rather than a person.
    /// </summary>
    private static readonly Actor WholePlanReader = new(0, "consultation", [(Role.ViceChair, null)]);

    /// <summary>The vice-chair and the secretariat run consultations.</summary>
    public static bool CanRun(Actor actor) => actor.IsViceChair || actor.Roles.Any(r => r.Role == Role.Secretariat);

    /// <summary>The output-cache tag of a consultation's public pages.</summary>
    public static string CacheTag(string slug) => "consult:" + slug;

    /// <summary>Creates a consultation on a named plan version, freezes its text and opens it.</summary>
    public async Task<Result<PublicConsultation>> OpenAsync(Actor actor, ConsultationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!CanRun(actor))
        {
            return Refusals.Consult.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Set<PlanVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == request.PlanVersionId, ct);
        if (version is null)
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
            consultation = new PublicConsultation(request.Slug, request.Title, version.Id, request.StartsAt, request.EndsAt,
                request.ContactEmail, request.Notice, actor.PersonId == 0 ? version.CreatedById : actor.PersonId, clock.GetUtcNow());
        }
        catch (DomainException)
        {
            return Refusals.Consult.Invalid;
        }
        await FreezeAndOpenAsync(db, consultation, version, ct);
        return consultation;
    }

    /// <summary>
    /// Renders the version in every culture, then in one transaction stores the consultation (when
    /// new), its documents and sections, and opens it; the public page's cache entry is evicted.
    /// </summary>
    private async Task FreezeAndOpenAsync(PlanDbContext db, PublicConsultation consultation, PlanVersion version, CancellationToken ct)
    {
        var frozen = await FreezeAsync(consultation.Slug, version, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (consultation.Id == 0)
        {
            db.Add(consultation);
        }
        await db.SaveChangesAsync(ct);
        foreach (var (culture, plan) in frozen)
        {
            db.Add(new ConsultationDocument { ConsultationId = consultation.Id, Culture = culture, TocHtml = plan.TocHtml, BodyHtml = plan.BodyHtml, Hash = plan.Hash });
        }
        foreach (var section in frozen[Extensions.SupportedCultures[0].Name].Sections)
        {
            section.ConsultationId = consultation.Id;
            db.Add(section);
        }
        consultation.Open(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await cache.EvictByTagAsync(CacheTag(consultation.Slug), ct);
    }

    /// <summary>Stops taking web opinions.</summary>
    public Task<Result<PublicConsultation>> CloseAsync(Actor actor, string slug, CancellationToken ct = default) =>
        ChangeStateAsync(actor, slug, c => c.Close(clock.GetUtcNow()), ct);

    /// <summary>Publishes the answers on the public page (after closing).</summary>
    public Task<Result<PublicConsultation>> PublishReportAsync(Actor actor, string slug, CancellationToken ct = default) =>
        ChangeStateAsync(actor, slug, c => c.PublishReport(clock.GetUtcNow()), ct);

    /// <summary>The consultation by slug, whatever its state (for staff pages and commands).</summary>
    public async Task<PublicConsultation?> FindAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
    }

    /// <summary>The public page's content in <paramref name="culture"/>, or null when there is no such public consultation.</summary>
    public async Task<PublicConsultationView?> PublicViewAsync(string slug, CultureInfo culture, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (!Slug.IsValid(slug))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null || !consultation.IsPublic)
        {
            return null;
        }
        var name = Extensions.SupportedCultures.Any(c => c.Name == culture.Name) ? culture.Name : Extensions.SupportedCultures[0].Name;
        var document = await db.Set<ConsultationDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.ConsultationId == consultation.Id && d.Culture == name, ct);
        if (document is null)
        {
            return null;
        }
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id).OrderBy(s => s.Ordinal).ToListAsync(ct);
        IReadOnlyList<ReportRow> report = [];
        if (consultation.State == ConsultationState.ReportPublished)
        {
            var ordinals = sections.ToDictionary(s => s.SectionId, s => s.Ordinal);
            var classified = await db.Set<Opinion>().AsNoTracking()
                .Where(o => o.ConsultationId == consultation.Id && o.State == OpinionState.Classified && o.DuplicateOfId == null)
                .OrderBy(o => o.Id)
                .Select(o => new { o.SectionId, o.Text, o.Institution, o.Category, o.ClassificationReason, o.Classification })
                .ToListAsync(ct);
            report = classified.Select(o => new ReportRow(
                o.SectionId is { } id && ordinals.TryGetValue(id, out var ordinal) ? ordinal : null,
                Gist(o.Text), o.Institution, o.Category, o.ClassificationReason ?? string.Empty, o.Classification!.Value)).ToList();
        }
        return new PublicConsultationView(consultation, document, sections, report);
    }

    /// <summary>The gist of an opinion for the published table: its first 200 characters on one line.</summary>
    private static string Gist(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    /// <summary>The registered institutions' names, for the form's autocomplete.</summary>
    public async Task<IReadOnlyList<string>> InstitutionNamesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Institution>().AsNoTracking().OrderBy(i => i.Name).Select(i => i.Name).Take(2000).ToListAsync(ct);
    }

    /// <summary>Assembles the named version (each section rebuilt at its pinned version) and renders it in every UI culture.</summary>
    private async Task<Dictionary<string, FrozenPlan>> FreezeAsync(string slug, PlanVersion version, CancellationToken ct)
    {
        var info = new PlanVersionInfo(version.Id, version.Name, string.Empty, version.CreatedAt, version.Entries.ToDictionary(e => e.SectionId, e => e.Version));
        var plan = await plans.AssembleAsync(WholePlanReader, new PlanVersionTextSource(history, info), ct);
        var result = new Dictionary<string, FrozenPlan>();
        foreach (var culture in Extensions.SupportedCultures)
        {
            using var _ = new CultureScope(culture);
            var labels = new PlanLabels(planStrings, culture);
            result[culture.Name] = renderer.Render(plan, labels, slug, strings["Consult.Contents"], strings["Consult.OpinionOnSection"]);
        }
        return result;
    }

    private async Task<Result<PublicConsultation>> ChangeStateAsync(Actor actor, string slug, Action<PublicConsultation> change, CancellationToken ct)
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
        try
        {
            change(consultation);
        }
        catch (DomainException)
        {
            return Refusals.Consult.WrongState;
        }
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(CacheTag(slug), ct);
        return consultation;
    }
}
