using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

/// <summary>A drafting body: a subcommittee (분과) or a task force (TF). It owns sections, initiatives and targets.</summary>
public sealed class Body
{
    private Body() { Code = Name = NameEn = string.Empty; }

    /// <param name="code">A stable slug such as <c>industry-ax</c>, used in links and shortcodes.</param>
    public Body(string code, string name, string nameEn, BodyKind kind, int order)
    {
        Code = Slug.Require(code, Refusals.Fields.BodyCode);
        Name = Guard.Text(name, Refusals.Fields.BodyName, 100);
        NameEn = Guard.Text(nameEn, Refusals.Fields.BodyNameEn, 100);
        Kind = kind;
        Order = order;
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
    public BodyKind Kind { get; private set; }
    public int Order { get; private set; }

    /// <summary>The body's name in the user's language: Korean unless English is asked for.</summary>
    public string DisplayName(bool english) => english ? NameEn : Name;
}
