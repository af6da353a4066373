using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

/// <summary>Someone taking part in the drafting: committee member, staff or advisor.</summary>
public sealed class Person
{
    private readonly List<Membership> _memberships = [];

    private Person() { DisplayName = Email = string.Empty; }

    public Person(string displayName, string email, string? affiliation = null)
    {
        DisplayName = Guard.Text(displayName, Refusals.Fields.Name, 100);
        Email = Guard.Text(email, Refusals.Fields.Email, 200).ToLowerInvariant();
        Affiliation = Guard.OptionalText(affiliation, Refusals.Fields.Affiliation, 200);
    }

    public int Id { get; private set; }
    public string DisplayName { get; private set; }
    public string Email { get; private set; }
    public string? Affiliation { get; private set; }
    public IReadOnlyCollection<Membership> Memberships => _memberships;

    /// <summary>
    /// Gives the person a role. The vice-chair holds no body; every other role needs one.
    /// Holding the same role in the same body twice is refused.
    /// </summary>
    public Membership Join(Role role, int? bodyId)
    {
        if (role == Role.ViceChair && bodyId is not null)
        {
            throw new DomainException(Refusals.Planning.ViceChairHasNoBody);
        }
        if (role != Role.ViceChair && bodyId is null)
        {
            throw new DomainException(Refusals.Planning.RoleNeedsBody.With(new Term("Role." + role)));
        }
        if (_memberships.Any(m => m.Role == role && m.BodyId == bodyId))
        {
            throw new DomainException(Refusals.Planning.RoleHeld);
        }
        var membership = new Membership(role, bodyId);
        _memberships.Add(membership);
        return membership;
    }

    /// <summary>Removes a role; removing one the person does not hold is refused.</summary>
    public void Leave(Role role, int? bodyId)
    {
        var membership = _memberships.FirstOrDefault(m => m.Role == role && m.BodyId == bodyId)
            ?? throw new DomainException(Refusals.Planning.RoleNotHeld);
        _memberships.Remove(membership);
    }

    /// <summary>The most senior role held, for display.</summary>
    public Role? PrincipalRole => _memberships.Count == 0 ? null : _memberships.Min(m => m.Role);
}

/// <summary>A role held by a person, in a body unless it is the vice-chair's.</summary>
public sealed class Membership
{
    private Membership() { }

    internal Membership(Role role, int? bodyId)
    {
        Role = role;
        BodyId = bodyId;
    }

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public Role Role { get; private set; }
    public int? BodyId { get; private set; }
}
