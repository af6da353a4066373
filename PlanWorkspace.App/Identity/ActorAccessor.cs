using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;

namespace PlanWorkspace.App.Identity;

/// <summary>Turns the signed-in user into the domain's <see cref="Actor"/>, read fresh from the database.</summary>
public sealed class ActorAccessor(AuthenticationStateProvider authentication, IDbContextFactory<PlanDbContext> dbFactory)
{
    public const string PersonIdClaim = "planworkspace:person";

    /// <summary>The current actor, or null when nobody is signed in or the person no longer exists.</summary>
    public async Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await FromPrincipalAsync(state.User, dbFactory, cancellationToken);
    }

    public static async Task<Actor?> FromPrincipalAsync(ClaimsPrincipal user, IDbContextFactory<PlanDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        if (!int.TryParse(user.FindFirstValue(PersonIdClaim), out var personId))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        return person is null ? null : Actor.From(person);
    }
}
