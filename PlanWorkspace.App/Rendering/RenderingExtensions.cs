namespace PlanWorkspace.App.Rendering;

/// <summary>The one Markdown pipeline: sanitised, with shortcodes and outline numbering.</summary>
public static class RenderingExtensions
{
    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<PlanHtmlRenderer>();
        services.AddSingleton<RefusalText>();
        return services;
    }
}
