using Microsoft.AspNetCore.DataProtection;
using PlanWorkspace.App.Data;
using StackExchange.Redis;

namespace PlanWorkspace.App.ScaleOut;

/// <summary>
/// What several instances behind one load balancer must share (ADR-012): the Data Protection key
/// ring (in the database, so a cookie or antiforgery token from one instance is read by another)
/// and, when <c>Redis:Configuration</c> is set, SignalR's Redis backplane (a broadcast to a group
/// reaches its members on every instance), the section feed (<see cref="RedisSectionFeed"/>) and
/// presence (<see cref="RedisPresence"/>).
/// Without Redis one instance works alone, as before.
/// </summary>
public static class ScaleOutExtensions
{
    public const string RedisKey = "Redis:Configuration";

    /// <summary>One name for every instance: the default (the content root path) would give each install its own keys.</summary>
    public const string ApplicationName = "PlanWorkspace";

    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<PlanDbContext>();

        if (configuration[RedisKey] is { Length: > 0 } redis)
        {
            services.AddSignalR().AddStackExchangeRedis(redis, options =>
            {
                // Several deployments (or test runs) may share one Redis: keep our channels apart.
                options.Configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix(configuration));
                // Start even while Redis is still coming up; the multiplexer reconnects by itself.
                options.Configuration.AbortOnConnectFail = false;
            });
            // The live feed too (previews, review panels, plan page, notifications), and the sessions' catch-up.
            services.AddHostedService<RedisSectionFeed>();
            // Who is in each section's editor on the other instances, for the presence panel (ADR-019).
            services.AddHostedService<RedisPresence>();
        }
        return services;
    }

    /// <summary>Several deployments (or test runs) may share one Redis: <c>Redis:ChannelPrefix</c> keeps their channels apart.</summary>
    public static string ChannelPrefix(IConfiguration configuration) =>
        configuration["Redis:ChannelPrefix"] is { Length: > 0 } prefix ? prefix : ApplicationName;
}
