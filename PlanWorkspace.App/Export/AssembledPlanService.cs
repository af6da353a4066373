using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>What changes a section's place in the assembled plan; compared to notice edits cheaply.</summary>
public readonly record struct SectionStamp(int Version, SectionStatus Status, string Title, DateTimeOffset UpdatedAt);

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

    /// <summary>The targets and initiatives shortcodes render, for a preview outside the assembled plan.</summary>
    public async Task<PlanFacts> FactsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new PlanFacts(
            await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct),
            await db.Targets.AsNoTracking().OrderBy(t => t.Key).ToListAsync(ct),
            await db.Initiatives.AsNoTracking().ToListAsync(ct),
            DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
    }

    /// <summary>
    /// A fingerprint of what shortcodes and the annex show (targets and initiatives, a few dozen
    /// rows), so that a card changes on the page when a target is edited. Stable within a process only.
    /// </summary>
    public async Task<int> FactsStampAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = await db.Targets.AsNoTracking()
            .Select(t => new { t.Id, t.BodyId, t.Key, t.Name, t.Unit, t.BaselineValue, t.BaselineYear, t.TargetValue, t.TargetYear, t.Direction, t.LatestValue, t.LatestDate })
            .OrderBy(t => t.Id).ToListAsync(ct);
        var initiatives = await db.Initiatives.AsNoTracking().IgnoreAutoIncludes()
            .Select(i => new { i.Id, i.BodyId, i.Code, i.Title, i.LeadMinistry, Targets = i.Targets.Count })
            .OrderBy(i => i.Id).ToListAsync(ct);
        var hash = new HashCode(); // a struct: add in loops, not through a delegate (which would add to a copy)
        foreach (var target in targets)
        {
            hash.Add(target);
        }
        foreach (var initiative in initiatives)
        {
            hash.Add(initiative);
        }
        hash.Add(DateOnly.FromDateTime(clock.GetLocalNow().DateTime)); // statuses move with the date
        return hash.ToHashCode();
    }

    /// <summary>
    /// A cheap fingerprint of every section the actor may read: the newest version (live session,
    /// op log or stored copy), status, title and last update. The assembled-plan page polls it to
    /// notice changes made where no in-process event reaches it (another instance, a status change).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, SectionStamp>> StampsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sections = await db.Sections.Select(s => new { s.Id, s.BodyId, s.TextVersion, s.Status, s.Title, s.UpdatedAt }).ToListAsync(ct);
        var latestOps = await log.LatestVersionsAsync(sections.Select(s => s.Id).ToList(), ct);
        return sections.Where(s => AccessPolicy.CanReadSection(actor, s.BodyId)).ToDictionary(
            s => s.Id,
            s =>
            {
                var version = Math.Max(s.TextVersion, latestOps.GetValueOrDefault(s.Id));
                if (sessions.Loaded(s.Id) is { } live)
                {
                    version = Math.Max(version, live.Current().Version);
                }
                return new SectionStamp(version, s.Status, s.Title, s.UpdatedAt);
            });
    }
}
