using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.App.Identity;

/// <summary>Accounts, cookies, and who the signed-in person is (read fresh per action).</summary>
public static class IdentityExtensions
{
    public static IServiceCollection AddPlanIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/login";
            options.SlidingExpiration = true;
        });
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<PlanDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PersonClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddScoped<AccountSeeder>();
        services.AddScoped<ActorAccessor>();
        services.AddSingleton<MembershipStamp>();
        services.AddSingleton<CurrentActors>();
        services.AddSingleton<MembershipChanges>();
        return services;
    }
}
