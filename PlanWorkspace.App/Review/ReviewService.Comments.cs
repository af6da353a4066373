using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

// Comments changed by their authors, replies on suggestion cards, and undoing an accepted
// suggestion. Each runs on the section's writer loop, like every review action, so the panels
// and editors hear of it in order with the typing.
public sealed partial class ReviewService
{
    /// <summary>The author rewrites their comment (in a thread or on a suggestion); people newly mentioned are told.</summary>
    public Task<Result<int>> EditCommentAsync(Actor actor, int commentId, string body) =>
        CommentActionAsync(actor, commentId, async (actor, bodyId, sectionId, markId) =>
            new ChangeComment(commentId, bodyId, sectionId, markId, actor.PersonId, body ?? string.Empty, await MentionsAsync(bodyId, body ?? string.Empty)));

    /// <summary>The author deletes their comment; its place stays, marked deleted.</summary>
    public Task<Result<int>> DeleteCommentAsync(Actor actor, int commentId) =>
        CommentActionAsync(actor, commentId, (actor, bodyId, sectionId, markId) =>
            Task.FromResult(new ChangeComment(commentId, bodyId, sectionId, markId, actor.PersonId, Body: null, [])));

    /// <summary>A reply on a suggestion's card: its author and everyone who replied are told, mentioned people as mentions.</summary>
    public Task<Result<int>> ReplyToSuggestionAsync(Actor actor, int suggestionId, string body) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanComment);
            var mentions = await MentionsAsync(session.BodyId, body);
            var stored = await session.ReviewAsync(new StoreReview(new ReplyToSuggestion(suggestionId, session.BodyId, actor.PersonId, body, mentions)));
            await notifications.AnnounceAsync(stored.Notified);
            return stored.Id;
        });

    /// <summary>
    /// Undoes an accepted suggestion with a new edit that puts the quoted text back — only while the
    /// text it inserted is still there unchanged. Who may decide on the suggestion may revert it.
    /// </summary>
    public Task<Result<int>> RevertAsync(Actor actor, int suggestionId) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanReadSection);
            if (!AccessPolicy.CanDecideSuggestion(actor, session.BodyId, suggestion.AuthorId) && !AccessPolicy.CanEditSection(actor, session.BodyId))
            {
                throw new ReviewException(Refusals.Review.Forbidden);
            }
            // Review's plan step reads it again on the writer loop and finds the text it inserted, or refuses.
            var edited = await session.ReviewAsync(new EditForReview(new RevertSuggestion(suggestionId, actor.PersonId), $"revert-{suggestionId}"));
            return edited.Id;
        });

    // Finds the comment, its section and item, checks the actor may still comment there, and has
    // the store step make `change` (the domain checks authorship) with its notifications.
    private Task<Result<int>> CommentActionAsync(Actor actor, int commentId,
        Func<Actor, int, int, string, Task<ChangeComment>> change) =>
        GuardedAsync(actor, async actor =>
        {
            await using var read = await dbFactory.CreateDbContextAsync();
            var found = await read.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId)
                ?? throw new ReviewException(Refusals.Review.NotFound);
            var (sectionId, markId) = found.ThreadId is { } threadId
                ? (await read.CommentThreads.Where(t => t.Id == threadId).Select(t => t.SectionId).FirstAsync(), ReviewMark.IdOf(ReviewMarkKind.Thread, threadId))
                : (await read.Suggestions.Where(s => s.Id == found.SuggestionId).Select(s => s.SectionId).FirstAsync(), ReviewMark.IdOf(ReviewMarkKind.Suggestion, found.SuggestionId!.Value));
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanComment);
            var stored = await session.ReviewAsync(new StoreReview(await change(actor, session.BodyId, sectionId, markId)));
            await notifications.AnnounceAsync(stored.Notified);
            return stored.Id;
        });
}
