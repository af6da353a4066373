namespace PlanWorkspace.App.History;

/// <summary>Registers the version history (called from <see cref="Extensions.AddPlanWorkspace"/>).</summary>
public static class HistoryExtensions
{
    public static IServiceCollection AddPlanHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HistoryOptions>(configuration.GetSection("History"));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryCompactor>());
        services.AddScoped<HistoryService>();
        return services;
    }
}
