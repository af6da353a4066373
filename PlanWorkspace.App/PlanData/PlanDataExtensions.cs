namespace PlanWorkspace.App.PlanData;

/// <summary>Targets, initiatives and the dashboard's figures.</summary>
public static class PlanDataExtensions
{
    public static IServiceCollection AddPlanData(this IServiceCollection services)
    {
        services.AddScoped<PlanDataService>();
        services.AddScoped<DashboardService>();
        return services;
    }
}
