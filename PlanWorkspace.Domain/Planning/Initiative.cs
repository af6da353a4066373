using PlanWorkspace.Domain.Outcomes;
using System.Diagnostics.CodeAnalysis;

namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// A task of the plan (과제), owned by a body, with its sub-tasks (세부과제), the ministries
/// responsible (소관부처), a schedule (추진일정) and the targets it serves.
/// </summary>
public sealed class Initiative
{
    private readonly List<SubInitiative> _subInitiatives = [];
    private readonly List<Milestone> _milestones = [];
    private readonly List<Target> _targets = [];
    private List<string> _supportingMinistries = [];

    private Initiative() { Code = Title = LeadMinistry = string.Empty; }

    public Initiative(int bodyId, string code, string title, string leadMinistry, string? objective = null)
    {
        BodyId = bodyId;
        Update(code, title, leadMinistry, objective, []);
    }

    public int Id { get; private set; }
    public int BodyId { get; private set; }
    /// <summary>Outline number within the body, e.g. <c>2-1</c>.</summary>
    public string Code { get; private set; }
    public string Title { get; private set; }
    /// <summary>과제목표.</summary>
    public string? Objective { get; private set; }
    public string LeadMinistry { get; private set; }
    public IReadOnlyList<string> SupportingMinistries => _supportingMinistries;
    public IReadOnlyList<SubInitiative> SubInitiatives => _subInitiatives;
    public IReadOnlyList<Milestone> Milestones => _milestones;
    public IReadOnlyList<Target> Targets => _targets;

    /// <summary>Changes the descriptive fields at once; a supporting ministry may not repeat the lead.</summary>
    [MemberNotNull(nameof(Code), nameof(Title), nameof(LeadMinistry))]
    public void Update(string code, string title, string leadMinistry, string? objective, IEnumerable<string> supportingMinistries)
    {
        var newCode = Guard.Text(code, Refusals.Fields.InitiativeCode, 20);
        var newTitle = Guard.Text(title, Refusals.Fields.InitiativeTitle, 200);
        var lead = Guard.Text(leadMinistry, Refusals.Fields.LeadMinistry, 100);
        var newObjective = Guard.OptionalText(objective, Refusals.Fields.Objective, 2000);
        var supporting = supportingMinistries
            .Select(m => m.Trim())
            .Where(m => m.Length > 0)
            .Distinct()
            .ToList();
        if (supporting.Contains(lead))
        {
            throw new DomainException(Refusals.Planning.LeadAlsoSupporting);
        }
        if (supporting.Any(m => m.Length > 100))
        {
            throw new DomainException(Refusals.Planning.MinistryTooLong.With(100));
        }
        (Code, Title, LeadMinistry, Objective, _supportingMinistries) = (newCode, newTitle, lead, newObjective, supporting);
    }

    public SubInitiative AddSubInitiative(string title)
    {
        var checkedTitle = Guard.Text(title, Refusals.Fields.SubInitiativeTitle, 200);
        if (_subInitiatives.Any(s => s.Title == checkedTitle))
        {
            throw new DomainException(Refusals.Planning.SubInitiativeTaken);
        }
        var sub = new SubInitiative(checkedTitle, _subInitiatives.Count + 1);
        _subInitiatives.Add(sub);
        return sub;
    }

    /// <summary>Adds a schedule milestone; milestones stay in date order.</summary>
    public void AddMilestone(string label, DateOnly due)
    {
        var milestone = new Milestone(Guard.Text(label, Refusals.Fields.Milestone, 200), due);
        _milestones.Add(milestone);
        _milestones.Sort((a, b) => a.Due.CompareTo(b.Due));
    }

    /// <summary>Links a target this initiative serves. Both must belong to the same plan; linking twice is refused.</summary>
    public void LinkTarget(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_targets.Any(t => t.Id == target.Id && (t.Id != 0 || ReferenceEquals(t, target))))
        {
            throw new DomainException(Refusals.Planning.TargetLinked);
        }
        _targets.Add(target);
    }

    public void UnlinkTarget(Target target)
    {
        if (!_targets.Remove(target))
        {
            throw new DomainException(Refusals.Planning.TargetNotLinked);
        }
    }
}

/// <summary>A sub-task (세부과제) of an initiative.</summary>
public sealed class SubInitiative
{
    private SubInitiative() { Title = string.Empty; }

    internal SubInitiative(string title, int order)
    {
        Title = title;
        Order = order;
    }

    public int Id { get; private set; }
    public string Title { get; private set; }
    public int Order { get; private set; }
}

/// <summary>A dated step of an initiative's schedule (추진일정).</summary>
public sealed record Milestone(string Label, DateOnly Due);
