using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.App.Security;

/// <summary>Sign-in limits and the production checks (configuration section "Security"); see ADR-008.</summary>
public sealed class WebHardeningOptions
{
    /// <summary>Sign-in form posts one client address may make per minute; more are answered 429 (Development raises it for tests and the load tool).</summary>
    public int SignInPostsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Failed sign-ins in a row an account may have before each further try must wait.</summary>
    public int SignInFailuresBeforeBackoff { get; set; } = 5;

    /// <summary>The first wait, after the last failure allowed without one.</summary>
    public TimeSpan SignInFirstBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest an account waits between tries; the wait doubles from <see cref="SignInFirstBackoff"/> up to this.</summary>
    public TimeSpan SignInMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The web pipeline's defences (ADR-008): security headers with a script-tight CSP on every
/// response, HTTPS and secure cookies outside Development, antiforgery enforced on every
/// state-changing endpoint, sign-in limits, and a production start that refuses the published
/// demo password for the vice-chair.
/// </summary>
public static class WebHardening
{
    /// <summary>The configuration key of the vice-chair's password when demo accounts are seeded outside Development.</summary>
    public const string DemoViceChairPasswordKey = "DemoAccounts:ViceChairPassword";

    private const string SignInPath = "/account/login";

    /// <summary>
    /// The Content-Security-Policy. Scripts only from this site: blazor.web.js, MudBlazor.min.js and
    /// the app's modules are files (no inline script, no eval — Blazor Server needs neither, and the
    /// import map was dropped from App.razor for this). Styles also allow 'unsafe-inline' because
    /// MudBlazor sets style attributes from C# (sizes, positions, colours) and the plan preview ships its
    /// stylesheet inline; the sanitiser keeps user Markdown free of style, so only our own styles use it.
    /// Images: this site and data: URIs (icons); no third-party fetches from a page.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var production = !builder.Environment.IsDevelopment();
        services.Configure<WebHardeningOptions>(builder.Configuration.GetSection("Security"));
        RefuseDemoPasswordInProduction(builder.Environment, builder.Configuration);

        // Outside Development every cookie that carries identity or a token is HTTPS-only and
        // script-proof; in Development the app also runs on plain http://localhost.
        var secure = production ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            options.Cookie.SecurePolicy = secure;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = secure);
        if (production)
        {
            services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(365);
                options.IncludeSubDomains = true;
            });
        }

        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }
                var permits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebHardeningOptions>>().Value.SignInPostsPerMinutePerAddress;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, ct) =>
            {
                var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(l["Login.TooManyAttempts"], ct);
            };
        });
        return builder;
    }

    /// <summary>First in the pipeline: HTTPS outside Development and the security headers on every response (pages, files, the hub, errors).</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHttpsRedirection();
        }
        app.Use((http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, http);
            return next(http);
        });
        return app;
    }

    /// <summary>
    /// After <c>UseAntiforgery</c>: refuses (400) an unsafe request to an endpoint that requires a
    /// token when the token did not validate. The antiforgery middleware only records the outcome;
    /// Razor forms and minimal APIs binding a form check it, but a minimal API without form binding
    /// (like sign-out) never would. Then the sign-in rate limit.
    /// </summary>
    public static WebApplication UseRequestGuards(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(l["Security.AntiforgeryRequired"]);
                return;
            }
            await next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Outside Development, seeding the demo accounts (whose password is published in the README)
    /// needs a new vice-chair password: the vice-chair approves and exports the whole plan.
    /// </summary>
    /// <exception cref="InvalidOperationException">SeedDemoAccounts is on without a usable vice-chair password.</exception>
    public static void RefuseDemoPasswordInProduction(IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment() || !configuration.GetValue<bool>("SeedDemoAccounts"))
        {
            return;
        }
        var password = configuration[DemoViceChairPasswordKey];
        if (string.IsNullOrWhiteSpace(password) || password == AccountSeeder.DemoPassword)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"SeedDemoAccounts=true outside Development needs a new vice-chair password in {DemoViceChairPasswordKey} " +
                $"(environment variable DemoAccounts__ViceChairPassword); the demo password is published. Set it, or turn SeedDemoAccounts off and use create-vice-chair."));
        }
    }
}
