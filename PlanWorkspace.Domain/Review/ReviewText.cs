namespace PlanWorkspace.Domain.Review;

/// <summary>Limits on what reviewers write, checked by the entities.</summary>
public static class ReviewText
{
    public const int MaxQuote = 20_000;
    public const int MaxReplacement = 20_000;
    public const int MaxReason = 2_000;
    public const int MaxComment = 4_000;

    internal static string Required(string? value, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ReviewException.Empty(what);
        }
        return Bounded(value.Trim(), what, max);
    }

    internal static string? Optional(string? value, string what, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : Bounded(value.Trim(), what, max);

    internal static string Bounded(string value, string what, int max) =>
        value.Length > max ? throw ReviewException.TooLong(what, max) : value;
}
