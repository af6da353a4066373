using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// The anchor of a paragraph of the frozen draft on the public page: "s3-p12" is the twelfth
/// block (paragraph, heading, list item, table, card) of the third section in plan order. The
/// frozen version never changes, so the anchor stays valid for the life of the consultation.
/// </summary>
public static partial class ParagraphAnchor
{
    [GeneratedRegex("^s([1-9][0-9]{0,3})-p([1-9][0-9]{0,4})$")]
    private static partial Regex Pattern();

    public static string Of(int section, int paragraph) => string.Create(CultureInfo.InvariantCulture, $"s{section}-p{paragraph}");

    /// <summary>The section's own anchor ("s3").</summary>
    public static string OfSection(int section) => string.Create(CultureInfo.InvariantCulture, $"s{section}");

    public static bool IsValid(string? anchor) => anchor is not null && Pattern().IsMatch(anchor);

    /// <summary>The section ordinal of a valid anchor.</summary>
    public static bool TryParse(string? anchor, out int section, out int paragraph)
    {
        section = paragraph = 0;
        var match = anchor is null ? Match.Empty : Pattern().Match(anchor);
        if (!match.Success)
        {
            return false;
        }
        section = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        paragraph = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return true;
    }
}
