using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.App.Identity;

/// <summary>Adds the person id to the sign-in cookie so every request knows its domain actor.</summary>
public sealed class PersonClaimsFactory(UserManager<ApplicationUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ActorAccessor.PersonIdClaim, user.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
