using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Access;

/// <summary>
/// Who may do what (DESIGN.md, Roles). Pure: services ask it before every action, so the rule
/// holds whatever the UI shows.
/// </summary>
public static class AccessPolicy
{
    /// <summary>The vice-chair and every body's writers read everything; advisors read the bodies they are assigned to.</summary>
    public static bool CanReadSection(Actor actor, Section section) => CanReadSection(actor, section.BodyId);

    /// <inheritdoc cref="CanReadSection(Actor, Section)"/>
    public static bool CanReadSection(Actor actor, int bodyId) =>
        actor.IsViceChair || actor.Roles.Any(r => r.Role != Role.Advisor) || actor.IsAdvisorOf(bodyId);

    /// <summary>Only the owning body's chair, TF lead or secretariat edit its text.</summary>
    public static bool CanEditSection(Actor actor, Section section) => CanEditSection(actor, section.BodyId);

    /// <inheritdoc cref="CanEditSection(Actor, Section)"/>
    public static bool CanEditSection(Actor actor, int bodyId) => actor.WritesFor(bodyId);

    /// <summary>The owning body's writers hand its section in for review.</summary>
    public static bool CanSubmitSection(Actor actor, Section section) => actor.WritesFor(section.BodyId);

    /// <summary>Only the vice-chair approves or requests changes.</summary>
    public static bool CanReviewSection(Actor actor) => actor.IsViceChair;

    /// <summary>
    /// A body's initiatives and targets are read by whoever reads its section — the same rule the
    /// assembled plan and its exports apply, so a list never shows what an export would leave out (ADR-008).
    /// </summary>
    public static bool CanReadPlanData(Actor actor, int bodyId) => CanReadSection(actor, bodyId);

    /// <summary>Initiatives and targets are kept by the owning body's writers (and the vice-chair).</summary>
    public static bool CanManagePlanData(Actor actor, int bodyId) => actor.IsViceChair || actor.WritesFor(bodyId);

    /// <summary>Anyone who may read a section suggests and comments there (advisors: only their assigned bodies).</summary>
    public static bool CanSuggest(Actor actor, int bodyId) => CanReadSection(actor, bodyId);

    /// <inheritdoc cref="CanSuggest"/>
    public static bool CanComment(Actor actor, int bodyId) => CanReadSection(actor, bodyId);

    /// <summary>
    /// The body's writers (chair, TF lead, secretariat) and the vice-chair accept or reject a
    /// suggestion — never their own, except the vice-chair.
    /// </summary>
    public static bool CanDecideSuggestion(Actor actor, int bodyId, int authorId) =>
        actor.IsViceChair || (actor.WritesFor(bodyId) && authorId != actor.PersonId);

    /// <summary>As above, and a suggestion entered on a writer's behalf is not theirs to decide either.</summary>
    public static bool CanDecideSuggestion(Actor actor, int bodyId, int authorId, int? onBehalfOfId) =>
        CanDecideSuggestion(actor, bodyId, authorId) && (actor.IsViceChair || onBehalfOfId != actor.PersonId);

    /// <summary>The thread's starter, the body's writers and the vice-chair resolve and reopen it.</summary>
    public static bool CanResolveThread(Actor actor, int bodyId, int starterId) =>
        CanReadSection(actor, bodyId) && (starterId == actor.PersonId || actor.WritesFor(bodyId) || actor.IsViceChair);
}
