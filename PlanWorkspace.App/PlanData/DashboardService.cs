using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.PlanData;

/// <summary>One body's row on the dashboard.</summary>
public sealed record BodySummary(
    Body Body,
    IReadOnlyList<SectionSummary> Sections,
    int Initiatives,
    IReadOnlyList<TargetStatus> TargetStatuses)
{
    public int Targets => TargetStatuses.Count;
    public int Count(TargetStatus status) => TargetStatuses.Count(s => s == status);
}

public sealed record SectionSummary(int Id, string Title, SectionStatus Status, DateTimeOffset UpdatedAt);

/// <summary>Reads for the dashboard and the section page, filtered by what the actor may read.</summary>
public sealed class DashboardService(IDbContextFactory<PlanDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<BodySummary>> SummariesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bodies = await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct);
        var sections = await db.Sections.OrderBy(s => s.Order)
            .Select(s => new { s.Id, s.BodyId, s.Title, s.Status, s.UpdatedAt }).ToListAsync(ct);
        var initiativeCounts = await db.Initiatives.GroupBy(i => i.BodyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var targets = await db.Targets.AsNoTracking().ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

        return bodies.Select(b => new BodySummary(
                b,
                sections.Where(s => s.BodyId == b.Id && AccessPolicy.CanReadSection(actor, s.BodyId))
                    .Select(s => new SectionSummary(s.Id, s.Title, s.Status, s.UpdatedAt)).ToList(),
                // Plan data follows the section rule (AccessPolicy.CanReadPlanData), as the lists and exports do.
                AccessPolicy.CanReadPlanData(actor, b.Id) ? initiativeCounts.GetValueOrDefault(b.Id) : 0,
                targets.Where(t => t.BodyId == b.Id && AccessPolicy.CanReadPlanData(actor, t.BodyId)).Select(t => t.StatusOn(today)).ToList()))
            .ToList();
    }

    /// <summary>The section and its body if it exists and the actor may read it.</summary>
    public async Task<(Section Section, Body Body)?> SectionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var section = await db.Sections.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (section is null || !AccessPolicy.CanReadSection(actor, section))
        {
            return null;
        }
        var body = await db.Bodies.AsNoTracking().FirstAsync(b => b.Id == section.BodyId, ct);
        return (section, body);
    }
}
