using PlanWorkspace.Domain.Outcomes;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>
/// Review's store step: writes what a review command carries (<see cref="ReviewWrite"/>s of
/// ReviewWrites.cs), on the section's writer loop, in the transaction the session opened — its
/// own, or the edit's commit. It reads positions through the session and never touches the text.
/// </summary>
public sealed class ReviewStore(IDbContextFactory<PlanDbContext> dbFactory, TimeProvider clock) : IReviewStore
{
    private DateTimeOffset Now => clock.GetUtcNow();

    public async Task<ReviewStored> StoreAsync(PlanDbContext db, ReviewWrite write, Located? at, IReviewPositions positions, CancellationToken ct) => write switch
    {
        NewSuggestion w => await NewSuggestionAsync(db, w, Required(at), ct),
        ReviseSuggestion w => await ReviseAsync(db, w, Required(at), ct),
        CloseSuggestion w => await CloseAsync(db, w, ct),
        ReplyToSuggestion w => await ReplyToSuggestionAsync(db, w, ct),
        NewThread w => await NewThreadAsync(db, w, Required(at), ct),
        ChangeThread w => await ChangeThreadAsync(db, w, positions, ct),
        ChangeComment w => await ChangeCommentAsync(db, w, ct),
        _ => throw new UnreachableException($"{write.GetType().Name} is not stored without an edit."),
    };

    public Task<ReviewEdit> PlanEditAsync(ReviewWrite write, IReviewPositions positions, CancellationToken ct) => write switch
    {
        AcceptSuggestion w => PlanAcceptAsync(w, positions, ct),
        RevertSuggestion w => PlanRevertAsync(w, positions, ct),
        _ => throw new UnreachableException($"{write.GetType().Name} makes no edit."),
    };

    public async Task<ReviewStored> RecordEditAsync(PlanDbContext db, ReviewWrite write, int version, CancellationToken ct)
    {
        switch (write)
        {
            case AcceptSuggestion w:
                var accepted = await db.Suggestions.FirstAsync(s => s.Id == w.SuggestionId, ct);
                accepted.Accept(w.ActorId, version, Now);
                var notified = await NotificationService.AddAsync(db, w.BodyId, w.SectionId, NotificationTopic.SuggestionAccepted, w.ActorId,
                    SuggestionMarkId(w.SuggestionId), accepted.Proposers, Now);
                return new ReviewStored(w.SuggestionId, notified);
            case RevertSuggestion w:
                (await db.Suggestions.FirstAsync(s => s.Id == w.SuggestionId, ct)).Revert(w.ActorId, version);
                return new ReviewStored(w.SuggestionId, []);
            default:
                throw new UnreachableException($"{write.GetType().Name} makes no edit.");
        }
    }

    private static Located Required(Located? at) =>
        at ?? throw new UnreachableException("This review command needs a range.");

    private static string SuggestionMarkId(int id) => ReviewMark.IdOf(ReviewMarkKind.Suggestion, id);

    private async Task<ReviewStored> NewSuggestionAsync(PlanDbContext db, NewSuggestion w, Located at, CancellationToken ct)
    {
        var suggestion = new Suggestion(w.SectionId, w.ActorId, at.Anchor, w.Quote, at.Text, w.Replacement, w.Reason, Now, w.OnBehalfOf);
        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync(ct);
        // People @mentioned in the reason are told (only those who may read the section).
        var notified = w.Mentions is { Count: > 0 } mentioned
            ? await NotificationService.AddAsync(db, w.BodyId, w.SectionId, NotificationTopic.Mention, w.ActorId, SuggestionMarkId(suggestion.Id), mentioned, Now)
            : [];
        return new ReviewStored(suggestion.Id, notified, new StoredMark(ReviewEffects.SuggestionMark(suggestion, w.ActorName), at.Anchor, at.Text));
    }

    private static async Task<ReviewStored> ReviseAsync(PlanDbContext db, ReviseSuggestion w, Located at, CancellationToken ct)
    {
        var tracked = await db.Suggestions.FirstAsync(s => s.Id == w.SuggestionId, ct);
        tracked.Revise(w.ActorId, at.Anchor, w.Quote, at.Text, w.Replacement);
        await db.SaveChangesAsync(ct);
        return new ReviewStored(w.SuggestionId, [], new StoredMark(ReviewEffects.SuggestionMark(tracked, w.ActorName), at.Anchor, at.Text));
    }

    // Closed without an edit: the session drops its mark from the editors (the command's Release).
    private async Task<ReviewStored> CloseAsync(PlanDbContext db, CloseSuggestion w, CancellationToken ct)
    {
        var suggestion = await db.Suggestions.FirstAsync(s => s.Id == w.SuggestionId, ct);
        if (w.How == SuggestionClosing.Withdraw)
        {
            suggestion.Withdraw(w.ActorId, Now);
            return new ReviewStored(w.SuggestionId, []);
        }
        suggestion.Reject(w.ActorId, w.Note, Now);
        var notified = await NotificationService.AddAsync(db, w.BodyId, w.SectionId, NotificationTopic.SuggestionRejected, w.ActorId,
            SuggestionMarkId(w.SuggestionId), suggestion.Proposers, Now);
        return new ReviewStored(w.SuggestionId, notified);
    }

    private async Task<ReviewStored> ReplyToSuggestionAsync(PlanDbContext db, ReplyToSuggestion w, CancellationToken ct)
    {
        var markId = SuggestionMarkId(w.SuggestionId);
        var tracked = await db.Suggestions.Include(s => s.Comments).FirstAsync(s => s.Id == w.SuggestionId, ct);
        var comment = tracked.Reply(w.ActorId, w.Body, w.Mentions, Now);
        var others = tracked.Comments.Select(c => c.AuthorId).Concat(tracked.Proposers).Except(comment.Mentions);
        IReadOnlyList<int> notified = [
            .. await NotificationService.AddAsync(db, w.BodyId, tracked.SectionId, NotificationTopic.Mention, w.ActorId, markId, comment.Mentions, Now),
            .. await NotificationService.AddAsync(db, w.BodyId, tracked.SectionId, NotificationTopic.Reply, w.ActorId, markId, others, Now)];
        return new ReviewStored(w.SuggestionId, notified);
    }

    private async Task<ReviewStored> NewThreadAsync(PlanDbContext db, NewThread w, Located at, CancellationToken ct)
    {
        var thread = new CommentThread(w.SectionId, w.ActorId, at.Anchor, w.Quote, w.Body, w.Mentions, Now);
        db.CommentThreads.Add(thread);
        await db.SaveChangesAsync(ct);
        var notified = await NotificationService.AddAsync(db, w.BodyId, w.SectionId, NotificationTopic.Mention, w.ActorId,
            ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Id), thread.Comments[0].Mentions, Now);
        return new ReviewStored(thread.Id, notified, new StoredMark(ReviewEffects.ThreadMark(thread, w.ActorName), at.Anchor, string.Empty));
    }

    private async Task<ReviewStored> ChangeThreadAsync(PlanDbContext db, ChangeThread w, IReviewPositions positions, CancellationToken ct)
    {
        var thread = await db.CommentThreads.Include(t => t.Comments).FirstAsync(t => t.Id == w.ThreadId, ct);
        var markId = ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Id);
        IReadOnlyList<int> notified = [];
        switch (w.Change)
        {
            case ThreadChange.Reply:
                thread.Reply(w.ActorId, w.Body, w.Mentions ?? [], Now);
                var mentioned = thread.Comments[^1].Mentions;
                var told = await NotificationService.AddAsync(db, w.BodyId, thread.SectionId, NotificationTopic.Mention, w.ActorId, markId, mentioned, Now);
                var others = thread.Participants.Except(mentioned);
                notified = [.. told, .. await NotificationService.AddAsync(db, w.BodyId, thread.SectionId, NotificationTopic.Reply, w.ActorId, markId, others, Now)];
                break;
            case ThreadChange.Resolve:
                thread.Resolve(w.ActorId, Now);
                break;
            case ThreadChange.Reopen:
                thread.Reopen();
                break;
        }
        // The editor draws open threads only: re-announce the mark with its state, where it is now.
        var mark = ReviewEffects.ThreadMark(thread, w.StarterName);
        var found = thread.Orphaned ? null : positions.Find(mark.Id);
        return new ReviewStored(w.ThreadId, notified, found is { } f ? new StoredMark(mark, f.Anchor, string.Empty) : null);
    }

    // The domain checks authorship (Comment.Edit / Delete).
    private async Task<ReviewStored> ChangeCommentAsync(PlanDbContext db, ChangeComment w, CancellationToken ct)
    {
        var comment = await db.Comments.FirstAsync(c => c.Id == w.CommentId, ct);
        if (w.Body is null)
        {
            comment.Delete(w.ActorId, Now);
            return new ReviewStored(w.CommentId, []);
        }
        var added = comment.Edit(w.ActorId, w.Body, w.Mentions, Now);
        return new ReviewStored(w.CommentId, await NotificationService.AddAsync(db, w.BodyId, w.SectionId, NotificationTopic.Mention, w.ActorId, w.MarkId, added, Now));
    }

    // Read again on the writer loop: the state that counts is the one no other decision can change meanwhile.
    private async Task<ReviewEdit> PlanAcceptAsync(AcceptSuggestion w, IReviewPositions positions, CancellationToken ct)
    {
        var pending = await FindAsync(w.SuggestionId, ct);
        if (pending.IsFinal)
        {
            throw new ReviewException(Refusals.Review.Final);
        }
        var markId = SuggestionMarkId(w.SuggestionId);
        var found = positions.Find(markId) ?? throw new ReviewException(Refusals.Review.Final);
        if (found.Text != pending.Quote && !w.ConfirmOutdated)
        {
            throw new ReviewException(Refusals.Review.ConfirmOutdated);
        }
        return new ReviewEdit(found.Anchor.From, found.Anchor.To, pending.Replacement, pending.AuthorId, Retires: markId);
    }

    private async Task<ReviewEdit> PlanRevertAsync(RevertSuggestion w, IReviewPositions positions, CancellationToken ct)
    {
        // Read again on the writer loop: no other revert or edit can come between.
        var accepted = await FindAsync(w.SuggestionId, ct);
        if (accepted.State != SuggestionState.Accepted || accepted.AppliedVersion is not { } applied)
        {
            throw new ReviewException(Refusals.Review.NotAccepted);
        }
        if (accepted.RevertedVersion is not null)
        {
            throw new ReviewException(Refusals.Review.AlreadyReverted);
        }
        // At the version its acceptance made, the replacement sits where the anchor began.
        var from = accepted.Anchor.From;
        Located now;
        try
        {
            now = positions.Locate(new ClientRange(applied, from, from + accepted.Replacement.Length));
        }
        catch (CollaborationException)
        {
            throw new ReviewException(Refusals.Review.RevertTooOld);
        }
        if (now.Text != accepted.Replacement || now.Anchor.To - now.Anchor.From != accepted.Replacement.Length)
        {
            throw new ReviewException(Refusals.Review.RevertChanged);
        }
        return new ReviewEdit(now.Anchor.From, now.Anchor.To, accepted.Quote, w.ActorId);
    }

    private async Task<Suggestion> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Suggestions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new ReviewException(Refusals.Review.NotFound);
    }
}
