using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using PlanWorkspace.App.Components;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.ScaleOut;
using PlanWorkspace.App.Security;
using PlanWorkspace.App.Workflow;

namespace PlanWorkspace.App;

/// <summary>Service registration and the request pipeline, kept out of Program.cs.</summary>
public static class Extensions
{
    public static readonly CultureInfo[] SupportedCultures = [new("ko-KR"), new("en-US")];

    public static WebApplicationBuilder AddPlanWorkspace(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        // Emit Hangul as characters, not &#xAC00; entities: smaller pages, readable source.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton(TimeProvider.System);

        // Pooled: the edit path creates a context per group commit. SQLite or PostgreSQL (Database:Provider);
        // a saved membership change reaches every permission check at once (ADR-001).
        services.AddPlanDatabase(builder.Configuration, (sp, options) => options.AddInterceptors(sp.GetRequiredService<MembershipChanges>()));

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PlanDbContext>>().CreateDbContext());

        services.AddScoped<DatabaseInitializer>();

        // The features, each registering its own parts; dependencies flow pages → features → drafting → data/domain.
        services.AddPlanIdentity();
        services.AddRendering();
        services.AddDrafting(builder.Configuration);
        services.AddReview();
        services.AddWorkflow();
        services.AddPlanData();
        services.AddPlanHistory(builder.Configuration);
        services.AddPlanExports(builder.Configuration);
        services.AddConsultation(builder.Configuration);
        builder.AddWebHardening();
        services.AddScaleOut(builder.Configuration);
        return builder;
    }

    /// <summary>Checks the database path, migrates, seeds the plan and, in Development, the demo accounts.</summary>
    public static async Task InitializePlanWorkspaceAsync(this WebApplication app)
    {
        if (PlanDatabase.Provider(app.Configuration) == DatabaseProvider.Sqlite)
        {
            DatabaseInitializer.EnsureSqlitePathUsable(PlanDatabase.ConnectionString(app.Configuration));
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("SeedDemoAccounts"))
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountSeeder>();
            await accounts.SeedDemoAccountsAsync(app.Configuration[WebHardening.DemoViceChairPasswordKey]);
            if (app.Environment.IsDevelopment() && app.Configuration.GetValue<int>("LoadTest:Users") is > 0 and var users)
            {
                await accounts.SeedLoadTestUsersAsync(users);
            }
            if (app.Environment.IsDevelopment() && app.Configuration.GetValue<int>("LoadTest:Sections") is > 0 and var sections)
            {
                await accounts.SeedLoadTestSectionsAsync(sections, app.Services.GetRequiredService<TimeProvider>());
            }
        }
    }

    public static WebApplication UsePlanWorkspace(this WebApplication app)
    {
        app.UseWebHardening();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            // Korean first: the browser's Accept-Language does not override it, only the user's choice does.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        app.UseAuthentication();
        app.UseConsultationPageCache();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRequestGuards();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapDrafting();
        app.MapPlanExports();
        app.MapHistoryDownloads();
        app.MapAccountEndpoints();
        app.MapConsultation();
        return app;
    }

    private static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapGet("/culture/set", (HttpContext http, string? culture, string? redirectUri, IStringLocalizer<SharedResource> l) =>
        {
            // Refused, not repaired: a culture we do not offer, or a return path that is too long or
            // holds characters a Location header cannot carry (control characters, raw non-ASCII).
            if (!SupportedCultures.Any(c => c.Name == culture)
                || (redirectUri is not null && (redirectUri.Length > 2048 || redirectUri.Any(c => c is < '!' or > '~'))))
            {
                return Results.Text(l["Culture.Error.Invalid"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous();

        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.LocalRedirect("/account/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    /// <summary>True for a path on this site; false for "//host" and "/\\host", which browsers treat as other sites.</summary>
    public static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal);

    /// <summary><c>create-vice-chair &lt;email&gt; &lt;name&gt; &lt;password&gt;</c>: the first account on a production database.</summary>
    public static async Task<int> RunCreateViceChairCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("Usage: dotnet run --project PlanWorkspace.App -- create-vice-chair <email> <name> <password>");
            return 2;
        }
        await app.InitializePlanWorkspaceAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var errors = await scope.ServiceProvider.GetRequiredService<AccountSeeder>().CreateViceChairAsync(args[0], args[1], args[2]);
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }
        if (errors.Count == 0)
        {
            Console.WriteLine($"Created the vice-chair account {args[0]}.");
        }
        return errors.Count == 0 ? 0 : 1;
    }
}
