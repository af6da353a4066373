using PlanWorkspace.Domain.Outcomes;


namespace PlanWorkspace.Domain.Planning;

/// <summary>An approval named a version that is no longer the current one: the text changed after it was reviewed. Nothing was changed.</summary>
public sealed class StaleReviewException(int reviewedVersion, int currentVersion)
    : DomainException(Refusals.Workflow.ChangedSinceReview.With(reviewedVersion, currentVersion))
{
    public int ReviewedVersion { get; } = reviewedVersion;
    public int CurrentVersion { get; } = currentVersion;
}
