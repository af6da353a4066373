using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

// Comments changed by their authors, replies on suggestion cards, and undoing an accepted
// suggestion. Each runs on the section's writer loop, like every review action, so the panels
// and editors hear of it in order with the typing.
public sealed partial class ReviewService
{
    /// <summary>The author rewrites their comment (in a thread or on a suggestion); people newly mentioned are told.</summary>
    public Task<ReviewResult> EditCommentAsync(Actor actor, int commentId, string body) =>
        CommentActionAsync(actor, commentId, async (db, comment, bodyId, sectionId, markId) =>
        {
            var mentions = await MentionsAsync(bodyId, body);
            var added = comment.Edit(actor.PersonId, body, mentions, Now);
            return await NotificationService.AddAsync(db, bodyId, sectionId, NotificationTopic.Mention, actor.PersonId, markId, added, Now);
        });

    /// <summary>The author deletes their comment; its place stays, marked deleted.</summary>
    public Task<ReviewResult> DeleteCommentAsync(Actor actor, int commentId) =>
        CommentActionAsync(actor, commentId, (_, comment, _, _, _) =>
        {
            comment.Delete(actor.PersonId, Now);
            return Task.FromResult<IReadOnlyList<int>>([]);
        });

    /// <summary>A reply on a suggestion's card: its author and everyone who replied are told, mentioned people as mentions.</summary>
    public Task<ReviewResult> ReplyToSuggestionAsync(Actor actor, int suggestionId, string body) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanComment);
            var mentions = await MentionsAsync(session.BodyId, body);
            var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId);
            IReadOnlyList<int> notified = [];
            var id = await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var tracked = await db.Suggestions.Include(s => s.Comments).FirstAsync(s => s.Id == suggestionId);
                var comment = tracked.Reply(actor.PersonId, body, mentions, Now);
                var others = tracked.Comments.Select(c => c.AuthorId).Concat(tracked.Proposers).Except(comment.Mentions);
                notified = [
                    .. await NotificationService.AddAsync(db, session.BodyId, tracked.SectionId, NotificationTopic.Mention, actor.PersonId, markId, comment.Mentions, Now),
                    .. await NotificationService.AddAsync(db, session.BodyId, tracked.SectionId, NotificationTopic.Reply, actor.PersonId, markId, others, Now)];
                return (suggestionId, null);
            }));
            await notifications.AnnounceAsync(notified);
            return id;
        });

    /// <summary>
    /// Undoes an accepted suggestion with a new edit that puts the quoted text back — only while the
    /// text it inserted is still there unchanged. Who may decide on the suggestion may revert it.
    /// </summary>
    public Task<ReviewResult> RevertAsync(Actor actor, int suggestionId) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanReadSection);
            if (!AccessPolicy.CanDecideSuggestion(actor, session.BodyId, suggestion.AuthorId) && !AccessPolicy.CanEditSection(actor, session.BodyId))
            {
                throw new ReviewException("Review.Error.Forbidden", "Only the section's writers or the vice-chair revert suggestions.");
            }
            return await session.ReviewAsync(async turn =>
            {
                // Read again on the writer loop: no other revert or edit can come between.
                var accepted = await FindSuggestionAsync(suggestionId);
                if (accepted.State != SuggestionState.Accepted || accepted.AppliedVersion is not { } applied)
                {
                    throw new ReviewException("Review.Error.NotAccepted", "Only an accepted suggestion can be reverted.");
                }
                if (accepted.RevertedVersion is not null)
                {
                    throw new ReviewException("Review.Error.AlreadyReverted", "The suggestion was already reverted.");
                }
                // At the version its acceptance made, the replacement sits where the anchor began.
                var from = accepted.Anchor.From;
                (ReviewAnchor Anchor, string Text) now;
                try
                {
                    now = turn.Locate(applied, from, from + accepted.Replacement.Length);
                }
                catch (CollaborationException)
                {
                    throw new ReviewException("Review.Error.RevertTooOld", "The suggestion was accepted too long ago to revert it here; use the version history.");
                }
                if (now.Text != accepted.Replacement || now.Anchor.To - now.Anchor.From != accepted.Replacement.Length)
                {
                    throw new ReviewException("Review.Error.RevertChanged", "The text the suggestion inserted has changed since; revert it by editing.");
                }
                await turn.ReplaceAsync(now.Anchor.From, now.Anchor.To, accepted.Quote, actor.PersonId, $"revert-{suggestionId}",
                    async (db, version) => (await db.Suggestions.FirstAsync(s => s.Id == suggestionId)).Revert(actor.PersonId, version));
                return suggestionId;
            });
        });

    // Finds the comment, its section and item, checks the actor may still comment there, and runs
    // `change` (which checks authorship) in the transaction that also stores its notifications.
    private Task<ReviewResult> CommentActionAsync(Actor actor, int commentId,
        Func<PlanDbContext, Comment, int, int, string, Task<IReadOnlyList<int>>> change) =>
        GuardedAsync(actor, async actor =>
        {
            await using var read = await dbFactory.CreateDbContextAsync();
            var found = await read.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId)
                ?? throw new ReviewException("Review.Error.NotFound", "The comment does not exist.");
            var (sectionId, markId) = found.ThreadId is { } threadId
                ? (await read.CommentThreads.Where(t => t.Id == threadId).Select(t => t.SectionId).FirstAsync(), ReviewMark.IdOf(ReviewMarkKind.Thread, threadId))
                : (await read.Suggestions.Where(s => s.Id == found.SuggestionId).Select(s => s.SectionId).FirstAsync(), ReviewMark.IdOf(ReviewMarkKind.Suggestion, found.SuggestionId!.Value));
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanComment);
            IReadOnlyList<int> notified = [];
            var id = await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var comment = await db.Comments.FirstAsync(c => c.Id == commentId);
                notified = await change(db, comment, session.BodyId, sectionId, markId);
                return (commentId, null);
            }));
            await notifications.AnnounceAsync(notified);
            return id;
        });
}
