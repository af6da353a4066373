using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Workflow;

/// <summary>Sign-off (submit, request changes, approve) and reopening on edit.</summary>
public static class WorkflowExtensions
{
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddSingleton<SectionStatusStamp>();
        services.AddSingleton<ICommitParticipant, ReopenOnEdit>();
        services.AddSingleton<SectionWorkflow>();
        return services;
    }
}
