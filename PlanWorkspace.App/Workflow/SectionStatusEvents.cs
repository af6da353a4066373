namespace PlanWorkspace.App.Workflow;

/// <summary>
/// Tells live pages that a section's status changed — by a sign-off step, or by an edit that
/// reopened an approved section (raised from the edit path's commit).
/// </summary>
public sealed class SectionStatusEvents
{
    /// <summary>Raised with the section id. Handlers must not block.</summary>
    public event Action<int>? Changed;

    public void Raise(int sectionId) => Changed?.Invoke(sectionId);
}
