using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>Opinions on (or assigned to) one body, by triage state; <see cref="Body"/> is null for those on the whole plan and not yet assigned.</summary>
public sealed record BodyOpinions(Body? Body, IReadOnlyDictionary<OpinionState, int> ByState)
{
    public int Total => ByState.Values.Sum();
}

/// <summary>
/// The dashboard's consultation figures for one actor: opinions per body by state, institutions
/// answered of those invited (for those who may see the registry), opinions per day (Asia/Seoul).
/// </summary>
public sealed record ConsultationFigures(string Slug, string Title, ConsultationState State, int Total, IReadOnlyList<BodyOpinions> Bodies,
    int? Invited, int? Answered, IReadOnlyList<(DateOnly Day, int Count)> PerDay);

/// <summary>
/// What the dashboard shows of the latest consultation that is not a draft, to those who may triage
/// its opinions (the vice-chair, the secretariat, chairs and TF leads; advisors only read, so they
/// get no card). Counts cover what the actor may see; merged opinions count once, with their primary.
/// </summary>
public sealed class ConsultationDashboard(IDbContextFactory<PlanDbContext> dbFactory, OpinionTriage triage, InstitutionRegistry registry, TimeProvider clock)
{
    /// <summary>The longest span of days the chart draws (the latest ones).</summary>
    public const int MaxDays = 60;

    /// <summary>The figures, or null when there is no consultation to show or the actor may not triage.</summary>
    public async Task<ConsultationFigures?> FiguresAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var slug = await db.Set<PublicConsultation>().AsNoTracking().Where(c => c.State != ConsultationState.Draft)
            .OrderByDescending(c => c.Id).Select(c => c.Slug).FirstOrDefaultAsync(ct);
        if (slug is null || await triage.AccessAsync(actor, slug, ct) is not { } access || (!access.SeesAll && access.TriageBodies.Count == 0))
        {
            return null;
        }
        var rows = await OpinionTriage.VisibleTo(db, access).Where(o => o.DuplicateOfId == null)
            .Select(o => new { o.AssignedBodyId, o.SectionId, o.State, o.ReceivedAt }).ToListAsync(ct);
        var sectionBodies = access.Sections.ToDictionary(s => s.SectionId, s => s.BodyId);
        var bodies = await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct);
        var byBody = rows.GroupBy(o => o.AssignedBodyId ?? (o.SectionId is { } s ? sectionBodies.GetValueOrDefault(s) : null))
            .ToDictionary(g => g.Key ?? 0, g => (IReadOnlyDictionary<OpinionState, int>)g.GroupBy(o => o.State).ToDictionary(x => x.Key, x => x.Count()));
        var perBody = bodies.Where(b => byBody.ContainsKey(b.Id)).Select(b => new BodyOpinions(b, byBody[b.Id])).ToList();
        if (byBody.TryGetValue(0, out var whole))
        {
            perBody.Add(new BodyOpinions(null, whole));
        }

        var days = rows.GroupBy(o => DateOnly.FromDateTime(SeoulTime.ToSeoul(o.ReceivedAt).DateTime)).ToDictionary(g => g.Key, g => g.Count());
        var perDay = new List<(DateOnly, int)>();
        if (days.Count > 0)
        {
            var last = DateOnly.FromDateTime(SeoulTime.ToSeoul(clock.GetUtcNow()).DateTime);
            last = days.Keys.Max() > last ? days.Keys.Max() : last;
            var first = days.Keys.Min();
            first = first < last.AddDays(-(MaxDays - 1)) ? last.AddDays(-(MaxDays - 1)) : first;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                perDay.Add((day, days.GetValueOrDefault(day)));
            }
        }

        int? invited = null, answered = null;
        if (ConsultationService.CanRun(actor) && await registry.OverviewAsync(actor, slug, ct) is { } overview)
        {
            (invited, answered) = (overview.Invited, overview.Answered);
        }
        return new ConsultationFigures(slug, access.Consultation.Title, access.Consultation.State, rows.Count, perBody, invited, answered, perDay);
    }
}
