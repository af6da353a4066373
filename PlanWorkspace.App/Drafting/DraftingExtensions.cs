using Microsoft.AspNetCore.SignalR;

namespace PlanWorkspace.App.Drafting;

/// <summary>The edit path: hub, sessions, op log, log reader and the live feed.</summary>
public static class DraftingExtensions
{
    public static IServiceCollection AddDrafting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSignalR(options =>
        {
            // Our own limit (CollaborationOptions.MaxPushBytes) refuses large pushes with a clear
            // message; SignalR's would close the connection instead.
            options.MaximumReceiveMessageSize = 4 * 1024 * 1024;
        }).AddHubOptions<DraftingHub>(options => options.AddFilter<HubRateLimitFilter>());
        services.AddSingleton<HubRateLimitFilter>();
        services.Configure<CollaborationOptions>(configuration.GetSection("Collaboration"));
        services.AddSingleton<SectionFeed>();
        // Filled by ScaleOut's RedisPresence; empty on one instance alone.
        services.AddSingleton<RemotePresence>();
        services.AddSingleton<DraftingMetrics>();
        services.AddSingleton<SectionLog>();
        services.AddSingleton<OpLogStore>();
        services.AddSingleton<DocumentSessionRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<DocumentSessionRegistry>());
        services.AddHostedService<EditorBroadcaster>();
        services.AddSingleton<DraftingService>();
        return services;
    }

    public static WebApplication MapDrafting(this WebApplication app)
    {
        app.MapHub<DraftingHub>("/hubs/drafting");
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue<int>("LoadTest:Users") > 0)
        {
            // Development with the load tool's accounts only: the bench reads each instance's lost races here.
            app.MapGet("/load-test/drafting-metrics", (DraftingMetrics metrics) =>
                Results.Json(new { lostRaces = metrics.LostRaces, caughtUpUpdates = metrics.CaughtUpUpdates })).AllowAnonymous();
        }
        return app;
    }
}
