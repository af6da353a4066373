using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Review;

/// <summary>Suggestions and comment threads, and their part in every commit.</summary>
public static class ReviewExtensions
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewAnchors>();
        services.AddSingleton<ICommitParticipant>(sp => sp.GetRequiredService<ReviewAnchors>());
        services.AddSingleton<IReviewMarkSource>(sp => sp.GetRequiredService<ReviewAnchors>());
        services.AddSingleton<ReviewService>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<ReviewQueries>();
        return services;
    }
}
