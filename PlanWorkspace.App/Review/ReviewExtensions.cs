using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Review;

/// <summary>Suggestions and comment threads, their part in every commit, and the store step of their commands.</summary>
public static class ReviewExtensions
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewAnchors>();
        services.AddSingleton<ICommitParticipant>(sp => sp.GetRequiredService<ReviewAnchors>());
        services.AddSingleton<IReviewMarkSource>(sp => sp.GetRequiredService<ReviewAnchors>());
        services.AddSingleton<IReviewStore, ReviewStore>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<ReviewQueries>();
        return services;
    }
}
