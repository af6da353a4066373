using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Access;

/// <summary>Who is acting: a person and the roles they hold, as the access policy needs them.</summary>
public sealed record Actor(int PersonId, string DisplayName, IReadOnlyList<(Role Role, int? BodyId)> Roles)
{
    public static Actor From(Person person) =>
        new(person.Id, person.DisplayName, person.Memberships.Select(m => (m.Role, m.BodyId)).ToList());

    public bool IsViceChair => Roles.Any(r => r.Role == Role.ViceChair);

    public bool Holds(Role role, int bodyId) => Roles.Any(r => r.Role == role && r.BodyId == bodyId);

    /// <summary>Chair, TF lead or secretariat of the body: the people who write its part.</summary>
    public bool WritesFor(int bodyId) =>
        Holds(Role.Chair, bodyId) || Holds(Role.TaskForceLead, bodyId) || Holds(Role.Secretariat, bodyId);

    public bool IsAdvisorOf(int bodyId) => Holds(Role.Advisor, bodyId);

    /// <summary>The most senior role held, for display.</summary>
    public Role? PrincipalRole => Roles.Count == 0 ? null : Roles.Min(r => r.Role);
}
