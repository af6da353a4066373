using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

/// <summary>The committee that drafts the plan, e.g. 국가인공지능전략위원회, and the plan's title and vision.</summary>
public sealed class Committee
{
    private Committee() { Name = PlanTitle = Vision = string.Empty; }

    public Committee(string name, string planTitle, string vision)
    {
        Name = Guard.Text(name, Refusals.Fields.CommitteeName, 200);
        PlanTitle = Guard.Text(planTitle, Refusals.Fields.PlanTitle, 200);
        Vision = Guard.Text(vision, Refusals.Fields.Vision, 500);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string PlanTitle { get; private set; }
    public string Vision { get; private set; }
}
