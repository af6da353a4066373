using PlanWorkspace.Domain.Outcomes;
using System.Text.RegularExpressions;

namespace PlanWorkspace.Domain.Planning;

/// <summary>Lower-case ASCII identifiers (<c>manufacturing-2030</c>) used in URLs and Markdown shortcodes.</summary>
public static partial class Slug
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is { Length: > 0 and <= 60 } && Pattern().IsMatch(value);

    public static string Require(string? value, Term what)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (!IsValid(trimmed))
        {
            throw new DomainException(Refusals.Input.Slug.With(what));
        }
        return trimmed;
    }
}
