using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Review;

/// <summary>
/// A review action that breaks a rule (an empty comment, a decision on a closed suggestion).
/// Its <see cref="DomainException.Refusal"/> is one of <see cref="Refusals.Review"/>; nothing was changed when it is thrown.
/// </summary>
public sealed class ReviewException(Refusal refusal) : DomainException(refusal)
{
    internal static ReviewException TooLong(int max) => new(Refusals.Review.TooLong.With(max));
}
