using PlanWorkspace.Domain.Outcomes;
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
        Name = Guard.Text(name, Refusals.Fields.InstitutionName, MaxNameLength);
        Category = Enum.IsDefined(category) ? category : throw new DomainException(Refusals.Opinions.CategoryInvalid);
        (ContactEmail, Domain) = CheckContact(contactEmail, domain);
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

    /// <summary>
    /// Updates the entry from a newer invitation list (matched by name or domain): a new name, category,
    /// address or domain. Nothing changes unless every field is valid.
    /// </summary>
    /// <exception cref="DomainException">A field is empty or malformed.</exception>
    public void Update(string name, InstitutionCategory category, string contactEmail, string? domain)
    {
        var checkedName = Guard.Text(name, Refusals.Fields.InstitutionName, MaxNameLength);
        var checkedCategory = Enum.IsDefined(category) ? category : throw new DomainException(Refusals.Opinions.CategoryInvalid);
        var (email, checkedDomain) = CheckContact(contactEmail, domain);
        (Name, Category, ContactEmail, Domain) = (checkedName, checkedCategory, email, checkedDomain);
    }

    /// <summary>
    /// Public mail services: an institution whose contact is at one of them has no domain of its own,
    /// since every citizen writing from naver.com would otherwise count as that institution.
    /// </summary>
    public static readonly IReadOnlySet<string> PublicMailDomains = new HashSet<string>(StringComparer.Ordinal)
    {
        "gmail.com", "naver.com", "daum.net", "hanmail.net", "kakao.com", "nate.com", "hotmail.com", "outlook.com",
        "live.com", "yahoo.com", "yahoo.co.kr", "icloud.com", "me.com", "korea.com", "empal.com", "dreamwiz.com", "proton.me",
    };

    private static (string Email, string? Domain) CheckContact(string contactEmail, string? domain)
    {
        var email = EmailAddress.Require(contactEmail, Refusals.Fields.ContactEmail);
        var checkedDomain = NormaliseDomain(domain) ?? EmailAddress.DomainOf(email);
        return (email, checkedDomain is not null && PublicMailDomains.Contains(checkedDomain) ? null : checkedDomain);
    }

    private static string? NormaliseDomain(string? domain)
    {
        var trimmed = domain?.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > MaxDomainLength || !EmailAddress.IsValid("x@" + trimmed))
        {
            throw new DomainException(Refusals.Opinions.DomainMalformed);
        }
        return trimmed;
    }
}
