using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// Builds the <see cref="AssembledPlan"/> an actor may read: bodies and sections in plan order with
/// outline numbers, texts from an <see cref="ISectionTextSource"/> (live by default), authors from
/// the op log, and the targets and initiatives the shortcodes and the annex need.
/// </summary>
public sealed class AssembledPlanService(
    IDbContextFactory<PlanDbContext> dbFactory,
    DocumentSessionRegistry sessions,
    SectionLog log,
    TimeProvider clock)
{
    /// <summary>The live plan as the actor may read it.</summary>
    public Task<AssembledPlan> AssembleAsync(Actor actor, CancellationToken ct = default) =>
        AssembleAsync(actor, new LiveSectionTextSource(dbFactory, sessions, log), ct);

    /// <summary>The plan with section texts from <paramref name="source"/> (e.g. a named plan version).</summary>
    public async Task<AssembledPlan> AssembleAsync(Actor actor, ISectionTextSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(source);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var committee = await db.Committees.AsNoTracking().FirstOrDefaultAsync(ct);
        var bodies = await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ThenBy(b => b.Id).ToListAsync(ct);
        var sections = (await db.Sections.AsNoTracking()
                .Select(s => new { s.Id, s.BodyId, s.Order, s.Title, s.Status, s.UpdatedAt })
                .ToListAsync(ct))
            .Where(s => AccessPolicy.CanReadSection(actor, s.BodyId))
            .OrderBy(s => s.Order).ThenBy(s => s.Id)
            .ToList();
        var ids = sections.Select(s => s.Id).ToList();
        var texts = await source.TextsAsync(ids, ct);

        // Per section and author: the first version they wrote and when they last wrote, packed or not.
        var contributions = await log.ContributorsAsync(ids, ct);
        var authorIds = contributions.Values.SelectMany(c => c).Select(c => c.PersonId).Distinct().ToList();
        var names = await db.People.Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);

        var assembledBodies = new List<AssembledBody>();
        for (var i = 0; i < bodies.Count; i++)
        {
            var body = bodies[i];
            var own = sections.Where(s => s.BodyId == body.Id && texts.ContainsKey(s.Id)).ToList();
            if (own.Count == 0)
            {
                continue;
            }
            var assembled = own.Select((s, index) =>
            {
                var text = texts[s.Id];
                var mine = contributions[s.Id].Where(c => c.FirstVersion <= text.Version).ToList();
                var lastOp = mine.Count == 0 ? s.UpdatedAt : DateTimeOffset.FromUnixTimeMilliseconds(mine.Max(c => c.LastWroteAt));
                return new AssembledSection(
                    s.Id, s.BodyId, OutlineNumber.Marker(1, index + 1), s.Title, s.Status,
                    mine.Select(c => names.GetValueOrDefault(c.PersonId, "?")).ToList(),
                    lastOp > s.UpdatedAt ? lastOp : s.UpdatedAt,
                    text.Version, text.Markdown);
            }).ToList();
            assembledBodies.Add(new AssembledBody(body, OutlineNumber.Marker(0, i + 1), assembled));
        }

        var readableBodies = assembledBodies.Select(b => b.Body.Id).ToHashSet();
        var targets = await db.Targets.AsNoTracking().OrderBy(t => t.Key).ToListAsync(ct);
        var initiatives = await db.Initiatives.AsNoTracking().ToListAsync(ct);
        var facts = new PlanFacts(
            bodies,
            targets.Where(t => readableBodies.Contains(t.BodyId)).ToList(),
            initiatives.Where(x => readableBodies.Contains(x.BodyId)).ToList(),
            DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

        return new AssembledPlan(
            committee?.PlanTitle ?? PlanSeedData.PlanTitle,
            committee?.Name ?? PlanSeedData.CommitteeName,
            committee?.Vision ?? PlanSeedData.Vision,
            clock.GetUtcNow(),
            source.VersionLabel,
            assembledBodies,
            facts);
    }
}
