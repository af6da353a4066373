using Microsoft.AspNetCore.Identity;

namespace PlanWorkspace.App.Data;

/// <summary>A sign-in account, linked to the domain's <see cref="Domain.Planning.Person"/>.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public int PersonId { get; set; }
}
