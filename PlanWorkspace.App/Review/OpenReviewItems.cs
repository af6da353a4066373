using System.Linq.Expressions;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>
/// What "open" means for a review item, written once so that the dashboard, the review overview and
/// the section page count the same things (issue 15, item 8). A thread whose passage was deleted is
/// detached (분리된 항목): it is kept with its quote but is no longer open, whether or not it was resolved;
/// a detached suggestion has its own state and so is not pending either.
/// </summary>
public static class OpenReviewItems
{
    /// <summary>A suggestion still waiting for a decision: open, or outdated by an edit of its passage.</summary>
    public static readonly Expression<Func<Suggestion, bool>> Suggestion =
        s => s.State == SuggestionState.Open || s.State == SuggestionState.Outdated;

    /// <summary>A thread neither resolved nor detached from the text.</summary>
    public static readonly Expression<Func<CommentThread, bool>> Thread = t => !t.Resolved && !t.Orphaned;

    /// <summary>The same rule for a thread already read.</summary>
    public static bool IsOpen(bool resolved, bool orphaned) => !resolved && !orphaned;
}
