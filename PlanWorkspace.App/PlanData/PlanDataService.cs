using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.PlanData;

/// <summary>What a form sends to save a target. Validated again by the entity.</summary>
public sealed class TargetInput
{
    public int? Id { get; set; }
    public int BodyId { get; set; }
    public string Key { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Unit { get; set; } = string.Empty;
    public decimal BaselineValue { get; set; }
    public int BaselineYear { get; set; } = DateTime.Today.Year;
    public decimal TargetValue { get; set; }
    public int TargetYear { get; set; } = 2030;
    public TargetDirection Direction { get; set; }
    public decimal? LatestValue { get; set; }
    public DateTime? LatestDate { get; set; }

    public static TargetInput From(Target t) => new()
    {
        Id = t.Id, BodyId = t.BodyId, Key = t.Key, Name = t.Name, Unit = t.Unit,
        BaselineValue = t.BaselineValue, BaselineYear = t.BaselineYear,
        TargetValue = t.TargetValue, TargetYear = t.TargetYear, Direction = t.Direction,
        LatestValue = t.LatestValue, LatestDate = t.LatestDate?.ToDateTime(TimeOnly.MinValue),
    };
}

/// <summary>What a form sends to save an initiative.</summary>
public sealed class InitiativeInput
{
    public int? Id { get; set; }
    public int BodyId { get; set; }
    public string Code { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string? Objective { get; set; }
    public string LeadMinistry { get; set; } = string.Empty;
    /// <summary>Comma-separated supporting ministries.</summary>
    public string SupportingMinistries { get; set; } = string.Empty;
    public IReadOnlyCollection<int> TargetIds { get; set; } = [];

    public static InitiativeInput From(Initiative i) => new()
    {
        Id = i.Id, BodyId = i.BodyId, Code = i.Code, Title = i.Title, Objective = i.Objective,
        LeadMinistry = i.LeadMinistry, SupportingMinistries = string.Join(", ", i.SupportingMinistries),
        TargetIds = i.Targets.Select(t => t.Id).ToList(),
    };
}

/// <summary>
/// Reads and changes the structured plan data. Every change checks <see cref="AccessPolicy"/>
/// here, on the server, and saves all or nothing.
/// </summary>
public sealed class PlanDataService(IDbContextFactory<PlanDbContext> dbFactory, SectionFeed feed, CurrentActors actors, TimeProvider clock)
{
    public async Task<List<Body>> BodiesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct);
    }

    /// <summary>The targets of the bodies <paramref name="actor"/> may read (<see cref="AccessPolicy.CanReadPlanData"/>).</summary>
    public async Task<List<Target>> TargetsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = await db.Targets.AsNoTracking().OrderBy(t => t.BodyId).ThenBy(t => t.Key).ToListAsync(ct);
        return targets.Where(t => AccessPolicy.CanReadPlanData(actor, t.BodyId)).ToList();
    }

    /// <summary>The initiatives of the bodies <paramref name="actor"/> may read (<see cref="AccessPolicy.CanReadPlanData"/>).</summary>
    public async Task<List<Initiative>> InitiativesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var initiatives = await db.Initiatives.AsNoTracking().OrderBy(i => i.BodyId).ThenBy(i => i.Code).ToListAsync(ct);
        return initiatives.Where(i => AccessPolicy.CanReadPlanData(actor, i.BodyId)).ToList();
    }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Result> SaveTargetAsync(Actor actor, TargetInput input, CancellationToken ct = default)
    {
        actor = await actors.RefreshAsync(actor, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!AccessPolicy.CanManagePlanData(actor, input.BodyId))
        {
            return Refusals.PlanData.NotAllowedForBody;
        }
        if (!await db.Bodies.AnyAsync(b => b.Id == input.BodyId, ct))
        {
            return Refusals.PlanData.UnknownBody;
        }
        // The dialog checks this too; the server decides, with the localised message rather than the domain's English one.
        if (!Target.IsValidValue(input.BaselineValue) || !Target.IsValidValue(input.TargetValue)
            || (input.LatestValue is { } measured && !Target.IsValidValue(measured)))
        {
            return Refusals.PlanData.ValueRange.With(Target.MaxMagnitude, Target.MaxDecimals);
        }
        Target target;
        try
        {
            if (input.Id is { } id)
            {
                var existing = await db.Targets.FirstOrDefaultAsync(t => t.Id == id, ct);
                if (existing is null)
                {
                    return Refusals.PlanData.NotFound;
                }
                if (existing.BodyId != input.BodyId || !AccessPolicy.CanManagePlanData(actor, existing.BodyId))
                {
                    return Refusals.PlanData.NotAllowedForBody;
                }
                existing.Define(input.Name, input.Unit, input.BaselineValue, input.BaselineYear, input.TargetValue, input.TargetYear, input.Direction);
                target = existing;
            }
            else
            {
                var key = Slug.Require(input.Key, Refusals.Fields.TargetKey);
                if (await db.Targets.AnyAsync(t => t.Key == key, ct))
                {
                    return Refusals.PlanData.DuplicateKey;
                }
                target = new Target(input.BodyId, key, input.Name, input.Unit, input.BaselineValue, input.BaselineYear, input.TargetValue, input.TargetYear, input.Direction);
                db.Targets.Add(target);
            }
            if (input.LatestValue is { } latest)
            {
                var date = input.LatestDate is { } d ? DateOnly.FromDateTime(d) : Today;
                target.RecordLatest(latest, date);
            }
        }
        catch (DomainException e)
        {
            return e.Refusal;
        }
        await db.SaveChangesAsync(ct);
        await feed.PublishAsync(new PlanDataChanged());
        return Result.Ok;
    }

    public async Task<Result> SaveInitiativeAsync(Actor actor, InitiativeInput input, CancellationToken ct = default)
    {
        actor = await actors.RefreshAsync(actor, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!AccessPolicy.CanManagePlanData(actor, input.BodyId))
        {
            return Refusals.PlanData.NotAllowedForBody;
        }
        if (!await db.Bodies.AnyAsync(b => b.Id == input.BodyId, ct))
        {
            return Refusals.PlanData.UnknownBody;
        }
        try
        {
            Initiative initiative;
            if (input.Id is { } id)
            {
                var existing = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
                if (existing is null)
                {
                    return Refusals.PlanData.NotFound;
                }
                if (existing.BodyId != input.BodyId)
                {
                    return Refusals.PlanData.NotAllowedForBody;
                }
                initiative = existing;
            }
            else
            {
                initiative = new Initiative(input.BodyId, input.Code, input.Title, input.LeadMinistry);
                db.Initiatives.Add(initiative);
            }
            initiative.Update(input.Code, input.Title, input.LeadMinistry, input.Objective, input.SupportingMinistries.Split(',', StringSplitOptions.TrimEntries));
            if (await db.Initiatives.AnyAsync(i => i.BodyId == input.BodyId && i.Code == initiative.Code && i.Id != initiative.Id, ct))
            {
                return Refusals.PlanData.DuplicateCode;
            }
            var wanted = await db.Targets.Where(t => input.TargetIds.Contains(t.Id)).ToListAsync(ct);
            if (wanted.Count != input.TargetIds.Count)
            {
                return Refusals.PlanData.NotFound;
            }
            foreach (var gone in initiative.Targets.Where(t => !input.TargetIds.Contains(t.Id)).ToList())
            {
                initiative.UnlinkTarget(gone);
            }
            foreach (var added in wanted.Where(t => initiative.Targets.All(x => x.Id != t.Id)))
            {
                initiative.LinkTarget(added);
            }
        }
        catch (DomainException e)
        {
            return e.Refusal;
        }
        await db.SaveChangesAsync(ct);
        await feed.PublishAsync(new PlanDataChanged());
        return Result.Ok;
    }
}
