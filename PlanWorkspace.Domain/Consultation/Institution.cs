using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// An institution invited to the consultation (from the invitation list): its name, category,
/// contact address and mail domain. A mail from that domain suggests the institution and category.
/// </summary>
public sealed class Institution
{
    public const int MaxNameLength = 200;
    public const int MaxDomainLength = 253;

    private Institution() { Name = ContactEmail = string.Empty; }

    /// <exception cref="DomainException">The name is empty, the address or domain malformed.</exception>
    public Institution(string name, InstitutionCategory category, string contactEmail, string? domain)
    {
        Name = Guard.Text(name, "Institution name", MaxNameLength);
        Category = Enum.IsDefined(category) ? category : throw new DomainException("Category is not one of the listed ones.");
        ContactEmail = EmailAddress.Require(contactEmail, "Contact address");
        Domain = NormaliseDomain(domain) ?? EmailAddress.DomainOf(ContactEmail);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public InstitutionCategory Category { get; private set; }
    public string ContactEmail { get; private set; }
    /// <summary>The lower-case mail domain ("kaist.ac.kr"); a sender at it or any subdomain of it matches.</summary>
    public string? Domain { get; private set; }

    /// <summary>True when <paramref name="address"/> is at this institution's domain or a subdomain of it.</summary>
    public bool Matches(string? address)
    {
        var domain = EmailAddress.DomainOf(address);
        return domain is not null && Domain is not null
            && (domain == Domain || domain.EndsWith("." + Domain, StringComparison.Ordinal));
    }

    /// <summary>The best match for a sender: the institution with the longest matching domain (a department before its university).</summary>
    public static Institution? Match(IEnumerable<Institution> registry, string? address) =>
        registry.Where(i => i.Matches(address)).OrderByDescending(i => i.Domain!.Length).FirstOrDefault();

    private static string? NormaliseDomain(string? domain)
    {
        var trimmed = domain?.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > MaxDomainLength || !EmailAddress.IsValid("x@" + trimmed))
        {
            throw new DomainException("The institution's domain is malformed.");
        }
        return trimmed;
    }
}
