using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Review;

// What each review action stores, as data: ReviewService checks permissions and builds one,
// the section's session carries it to its writer loop in a typed command (StoreReview or
// EditForReview), and ReviewStore writes it. No closure crosses into the session.

/// <summary>A new suggestion over the command's range, by <paramref name="ActorId"/> (perhaps for <paramref name="OnBehalfOf"/>).</summary>
internal sealed record NewSuggestion(int SectionId, int ActorId, string ActorName, string Quote, string? Replacement, string? Reason, int? OnBehalfOf,
    int BodyId = 0, IReadOnlyList<int>? Mentions = null) : ReviewWrite;

/// <summary>The author rewrites their pending suggestion over the command's range.</summary>
internal sealed record ReviseSuggestion(int SuggestionId, int ActorId, string ActorName, string Quote, string? Replacement) : ReviewWrite;

/// <summary>How a pending suggestion closes without an edit.</summary>
internal enum SuggestionClosing
{
    /// <summary>Rejected by someone who decides; its proposers are told.</summary>
    Reject,

    /// <summary>Taken back by its author; nobody is told.</summary>
    Withdraw,
}

/// <summary>A pending suggestion closes without an edit.</summary>
internal sealed record CloseSuggestion(int SuggestionId, int BodyId, int SectionId, int ActorId, SuggestionClosing How, string? Note = null) : ReviewWrite;

/// <summary>A reply on a suggestion's card.</summary>
internal sealed record ReplyToSuggestion(int SuggestionId, int BodyId, int ActorId, string Body, IReadOnlyList<int> Mentions) : ReviewWrite;

/// <summary>A new thread over the command's range, with its first comment.</summary>
internal sealed record NewThread(int SectionId, int BodyId, int ActorId, string ActorName, string Quote, string Body, IReadOnlyList<int> Mentions) : ReviewWrite;

/// <summary>What happens to a thread.</summary>
internal enum ThreadChange
{
    Reply,
    Resolve,
    Reopen,
}

/// <summary>A reply in a thread, or resolving or reopening it; the editors draw it again where it is.</summary>
internal sealed record ChangeThread(int ThreadId, int BodyId, int ActorId, string StarterName, ThreadChange Change, string Body = "", IReadOnlyList<int>? Mentions = null) : ReviewWrite;

/// <summary>The author rewrites their comment (<paramref name="Body"/>) or, with null, deletes it.</summary>
internal sealed record ChangeComment(int CommentId, int BodyId, int SectionId, string MarkId, int ActorId, string? Body, IReadOnlyList<int> Mentions) : ReviewWrite;

/// <summary>The suggestion's replacement is applied as an edit by its author (an edit: <see cref="EditForReview"/>).</summary>
internal sealed record AcceptSuggestion(int SuggestionId, int BodyId, int SectionId, int ActorId, bool ConfirmOutdated) : ReviewWrite;

/// <summary>An accepted suggestion is undone by an edit that puts the quoted text back (<see cref="EditForReview"/>).</summary>
internal sealed record RevertSuggestion(int SuggestionId, int ActorId) : ReviewWrite;
