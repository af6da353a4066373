using PlanWorkspace.Domain.Outcomes;


namespace PlanWorkspace.Domain.Review;

/// <summary>
/// A range of a section's text (UTF-16 positions) as it is at <see cref="Version"/>. The live
/// session moves it through every accepted update; persisted with the version it is valid at.
/// </summary>
public sealed record ReviewAnchor(int From, int To, int Version)
{
    /// <exception cref="ReviewException">The range is not inside a text of <paramref name="length"/>.</exception>
    public static ReviewAnchor Checked(int from, int to, int version, int length)
    {
        if (from < 0 || to < from || to > length)
        {
            throw new ReviewException(Refusals.Review.OutsideText);
        }
        return new ReviewAnchor(from, to, version);
    }
}
