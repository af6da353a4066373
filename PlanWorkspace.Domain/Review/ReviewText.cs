using PlanWorkspace.Domain.Outcomes;


namespace PlanWorkspace.Domain.Review;

/// <summary>Limits on what reviewers write, checked by the entities.</summary>
public static class ReviewText
{
    public const int MaxQuote = 20_000;
    public const int MaxReplacement = 20_000;
    public const int MaxReason = 2_000;
    public const int MaxComment = 4_000;

    internal static string Required(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ReviewException(Refusals.Review.Empty);
        }
        return Bounded(value.Trim(), max);
    }

    internal static string? Optional(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : Bounded(value.Trim(), max);

    internal static string Bounded(string value, int max) =>
        value.Length > max ? throw ReviewException.TooLong(max) : value;
}
