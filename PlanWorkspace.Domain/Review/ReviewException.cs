namespace PlanWorkspace.Domain.Review;

/// <summary>
/// A review action that breaks a rule (an empty comment, a decision on a closed suggestion).
/// <see cref="Code"/> names the message in the UI's resources; nothing was changed when it is thrown.
/// </summary>
public sealed class ReviewException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    internal static ReviewException Empty(string what) => new("Review.Error.Empty", $"{what} is empty.");

    internal static ReviewException TooLong(string what, int max) => new("Review.Error.TooLong", $"{what} is longer than {max:N0} characters.");

    /// <summary>The item is in a final state (<paramref name="state"/>).</summary>
    public static ReviewException Final(string state) => new("Review.Error.Final", $"The item is already {state.ToLowerInvariant()}; nothing can change it.");
}
