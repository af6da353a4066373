using PlanWorkspace.Domain.Outcomes;
using System.Text.RegularExpressions;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// A plain check of an e-mail address (one @, a dotted domain, no spaces or angle brackets), and its
/// domain. Deliverability is not the point: the address is for a reply and for matching institutions.
/// </summary>
public static partial class EmailAddress
{
    [GeneratedRegex(@"^[^\s@<>""(),;:\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is { Length: > 0 and <= PublicConsultation.MaxEmailLength } && Pattern().IsMatch(value);

    /// <summary>The trimmed address, or a <see cref="DomainException"/> naming <paramref name="what"/>.</summary>
    public static string Require(string? value, Term what)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (!IsValid(trimmed))
        {
            throw new DomainException(Refusals.Input.Email.With(what));
        }
        return trimmed;
    }

    /// <summary>The lower-case domain after the @, or null when <paramref name="address"/> is not an address.</summary>
    public static string? DomainOf(string? address) =>
        IsValid(address?.Trim()) ? address!.Trim()[(address!.Trim().LastIndexOf('@') + 1)..].ToLowerInvariant() : null;
}
