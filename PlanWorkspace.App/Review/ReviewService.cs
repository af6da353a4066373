using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>A selection as the client saw it: positions at <c>Version</c> and the text they covered.</summary>
public sealed record SelectionAt(int Version, int From, int To, string Text);

/// <summary>The outcome of a review action: the message key of the refusal, or the item's id.</summary>
public readonly record struct ReviewResult(string? Error, int Id = 0)
{
    public bool Succeeded => Error is null;
    public static ReviewResult Ok(int id) => new(null, id);
}

public sealed record SuggestionView(
    int Id, int SectionId, string SectionTitle, int BodyId, int AuthorId, string AuthorName, string Color, SuggestionState State, SuggestionKind Kind,
    string Quote, string CurrentText, string Replacement, string? Reason, DateTimeOffset CreatedAt,
    string? DeciderName, string? DecisionNote, bool CanDecide, bool CanWithdraw,
    IReadOnlyList<CommentView>? Comments = null, bool CanReply = false, bool CanRevert = false, int? RevertedVersion = null, string? OnBehalfOfName = null)
{
    public IReadOnlyList<CommentView> Replies => Comments ?? [];
    public string MarkId => ReviewMark.IdOf(ReviewMarkKind.Suggestion, Id);
    public bool IsPending => State is SuggestionState.Open or SuggestionState.Outdated;
}

/// <summary>A comment as the viewer sees it: <paramref name="Mine"/> — they may edit or delete it.</summary>
public sealed record CommentView(int Id, int AuthorId, string AuthorName, string Body, DateTimeOffset CreatedAt, bool MentionsMe,
    bool Edited = false, bool Deleted = false, bool Mine = false);

public sealed record ThreadView(
    int Id, int SectionId, string SectionTitle, int BodyId, int StarterId, string StarterName, string Color, string Quote,
    bool Resolved, bool Orphaned, IReadOnlyList<CommentView> Comments, bool CanResolve, bool CanReply)
{
    public string MarkId => ReviewMark.IdOf(ReviewMarkKind.Thread, Id);
    public bool MentionsMe => Comments.Any(c => c.MentionsMe);
    /// <summary>Neither resolved nor detached: what the counts call open (<see cref="PlanWorkspace.App.Review.OpenReviewItems"/>).</summary>
    public bool IsOpen => PlanWorkspace.App.Review.OpenReviewItems.IsOpen(Resolved, Orphaned);
    public DateTimeOffset LastActivity => Comments.Count == 0 ? default : Comments[^1].CreatedAt;
}

/// <summary>Someone who may be @mentioned in a section: they can read it.</summary>
public sealed record MentionCandidate(int Id, string Name);

/// <summary>Review counts of one section: pending suggestions, open threads, and what waits on the actor.</summary>
public sealed record ReviewCounts(int Suggestions, int Threads, int ForMe);

/// <summary>
/// Suggestions and comment threads. Every action checks <see cref="AccessPolicy"/> here and runs
/// on the section's live session, so anchors, decisions and edits are ordered with all typing.
/// </summary>
public sealed partial class ReviewService(DocumentSessionRegistry sessions, IDbContextFactory<PlanDbContext> dbFactory, CurrentActors actors, TimeProvider clock, NotificationService notifications)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Proposes replacing the selection (or inserting at the cursor, or deleting) by <paramref name="replacement"/>.
    /// A writer of the section may enter it <paramref name="onBehalfOf"/> someone who may read the
    /// section (an advisor who phoned it in): the card names them, and they hear of its decision.
    /// </summary>
    public Task<ReviewResult> SuggestAsync(Actor actor, int sectionId, SelectionAt selection, string? replacement, string? reason, int? onBehalfOf = null) =>
        GuardedAsync(actor, async actor =>
        {
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanSuggest);
            if (onBehalfOf is { } proposer)
            {
                await EnsureMayProposeForAsync(actor, session.BodyId, proposer);
            }
            return await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var (anchor, current) = Locate(turn, selection);
                var suggestion = new Suggestion(sectionId, actor.PersonId, anchor, selection.Text, current, replacement, reason, Now, onBehalfOf);
                db.Suggestions.Add(suggestion);
                await db.SaveChangesAsync();
                return (suggestion.Id, new StoredMark(ReviewEffects.SuggestionMark(suggestion, actor.DisplayName), anchor, current));
            }));
        });

    // Only a writer of the section proposes for someone else, and only for a person who may read it
    // with their memberships as they are now (a former advisor is not named on a new suggestion).
    private async Task EnsureMayProposeForAsync(Actor actor, int bodyId, int proposer)
    {
        if (!AccessPolicy.CanEditSection(actor, bodyId))
        {
            throw new ReviewException("Review.Error.OnBehalfNotWriter", "Only the section's writers may suggest on someone's behalf.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var person = await db.People.AsNoTracking().Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Id == proposer);
        if (person is null || !AccessPolicy.CanReadSection(Actor.From(person), bodyId))
        {
            throw new ReviewException("Review.Error.OnBehalfNotReader", "The person named may not read this section.");
        }
    }

    /// <summary>
    /// The author rewrites their pending suggestion over a new selection (typing on at its edge in
    /// suggesting mode); the editors redraw it where it now is.
    /// </summary>
    public Task<ReviewResult> ReviseAsync(Actor actor, int suggestionId, SelectionAt selection, string? replacement) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanSuggest);
            var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId);
            return await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var (anchor, current) = Locate(turn, selection);
                var tracked = await db.Suggestions.FirstAsync(s => s.Id == suggestionId);
                tracked.Revise(actor.PersonId, anchor, selection.Text, current, replacement);
                await db.SaveChangesAsync();
                return (suggestionId, new StoredMark(ReviewEffects.SuggestionMark(tracked, actor.DisplayName), anchor, current));
            }, untrackId: markId));
        });

    /// <summary>
    /// Applies the suggestion's replacement as an edit by its author, approved by <paramref name="actor"/>.
    /// An outdated one needs <paramref name="confirmOutdated"/>.
    /// </summary>
    public Task<ReviewResult> AcceptAsync(Actor actor, int suggestionId, bool confirmOutdated = false) =>
        DecideAsync(actor, suggestionId, async session => await session.ReviewAsync(async turn =>
        {
            var pending = await PendingAsync(suggestionId);
            var found = turn.Find(ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId))
                ?? throw new ReviewException("Review.Error.Final", "The suggestion is no longer anchored.");
            if (found.Text != pending.Quote && !confirmOutdated)
            {
                throw new ReviewException("Review.Error.ConfirmOutdated", "The text changed since the suggestion was made; confirm to accept it anyway.");
            }
            IReadOnlyList<int> notified = [];
            await turn.ApplyAsync(ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId), pending.Replacement, pending.AuthorId, $"suggestion-{suggestionId}",
                async (db, version) =>
                {
                    (await db.Suggestions.FirstAsync(s => s.Id == suggestionId)).Accept(actor.PersonId, version, Now);
                    notified = await NotificationService.AddAsync(db, session.BodyId, session.SectionId, NotificationTopic.SuggestionAccepted, actor.PersonId,
                        ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId), pending.Proposers, Now);
                });
            await notifications.AnnounceAsync(notified);
            return suggestionId;
        }));

    public Task<ReviewResult> RejectAsync(Actor actor, int suggestionId, string? note) =>
        DecideAsync(actor, suggestionId, session => CloseAsync(session, suggestionId, s => s.Reject(actor.PersonId, note, Now), (NotificationTopic.SuggestionRejected, actor.PersonId)));

    /// <summary>The author takes back their own pending suggestion.</summary>
    public Task<ReviewResult> WithdrawAsync(Actor actor, int suggestionId) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanSuggest);
            if (suggestion.AuthorId != actor.PersonId)
            {
                throw new ReviewException("Review.Error.NotYours", "Only the author may withdraw a suggestion.");
            }
            return await CloseAsync(session, suggestionId, s => s.Withdraw(actor.PersonId, Now));
        });

    /// <summary>Accepts or rejects each of <paramref name="ids"/> in turn; returns the refusals by id (outdated ones are not accepted in bulk).</summary>
    public async Task<IReadOnlyDictionary<int, string>> DecideManyAsync(Actor actor, IEnumerable<int> ids, bool accept, string? note = null)
    {
        var refused = new Dictionary<int, string>();
        foreach (var id in ids.Distinct())
        {
            var result = accept ? await AcceptAsync(actor, id) : await RejectAsync(actor, id, note);
            if (!result.Succeeded)
            {
                refused[id] = result.Error!;
            }
        }
        return refused;
    }

    /// <summary>Starts a thread on a selection with its first comment.</summary>
    public Task<ReviewResult> StartThreadAsync(Actor actor, int sectionId, SelectionAt selection, string body) =>
        GuardedAsync(actor, async actor =>
        {
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanComment);
            if (selection.From >= selection.To)
            {
                throw new ReviewException("Review.Error.NoSelection", "Select the passage the comment is about.");
            }
            var mentions = await MentionsAsync(session.BodyId, body);
            IReadOnlyList<int> notified = [];
            var id = await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var (anchor, _) = Locate(turn, selection);
                var thread = new CommentThread(sectionId, actor.PersonId, anchor, selection.Text, body, mentions, Now);
                db.CommentThreads.Add(thread);
                await db.SaveChangesAsync();
                notified = await NotificationService.AddAsync(db, session.BodyId, sectionId, NotificationTopic.Mention, actor.PersonId,
                    ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Id), thread.Comments[0].Mentions, Now);
                return (thread.Id, new StoredMark(ReviewEffects.ThreadMark(thread, actor.DisplayName), anchor, string.Empty));
            }));
            await notifications.AnnounceAsync(notified);
            return id;
        });

    /// <summary>Replies in a thread: the people it mentions are told, and so is everyone else who wrote in it.</summary>
    public Task<ReviewResult> ReplyAsync(Actor actor, int threadId, string body) =>
        ThreadActionAsync(actor, threadId, AccessPolicy.CanComment, async (thread, bodyId) =>
        {
            var mentions = await MentionsAsync(bodyId, body);
            return (Action<CommentThread>)(t => t.Reply(actor.PersonId, body, mentions, Now));
        }, async (db, thread, bodyId) =>
        {
            var markId = ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Id);
            var mentioned = thread.Comments[^1].Mentions;
            var told = await NotificationService.AddAsync(db, bodyId, thread.SectionId, NotificationTopic.Mention, actor.PersonId, markId, mentioned, Now);
            var others = thread.Participants.Except(mentioned);
            return [.. told, .. await NotificationService.AddAsync(db, bodyId, thread.SectionId, NotificationTopic.Reply, actor.PersonId, markId, others, Now)];
        });

    /// <summary>Resolves (or with <paramref name="resolve"/> false reopens) a thread.</summary>
    public Task<ReviewResult> ResolveAsync(Actor actor, int threadId, bool resolve = true) =>
        ThreadActionAsync(actor, threadId, AccessPolicy.CanComment, (thread, bodyId) =>
        {
            if (!AccessPolicy.CanResolveThread(actor, bodyId, thread.StarterId))
            {
                throw new ReviewException("Review.Error.Forbidden", "Only the thread's starter or the section's chair may resolve it.");
            }
            return Task.FromResult<Action<CommentThread>>(t =>
            {
                if (resolve)
                {
                    t.Resolve(actor.PersonId, Now);
                }
                else
                {
                    t.Reopen();
                }
            });
        });

    private static (ReviewAnchor Anchor, string Current) Locate(DocumentSession.ReviewTurn turn, SelectionAt selection)
    {
        if (selection.To - selection.From != (selection.Text ?? string.Empty).Length)
        {
            throw new ReviewException("Review.Error.OutsideText", "The selected text does not match the selection.");
        }
        var (anchor, current) = turn.Locate(selection.Version, selection.From, selection.To);
        if (selection.Version == turn.Version && current != selection.Text)
        {
            throw new ReviewException("Review.Error.OutsideText", "The selected text is not what the section holds there.");
        }
        return (anchor, current);
    }

    private Task<ReviewResult> DecideAsync(Actor actor, int suggestionId, Func<DocumentSession, Task<int>> decide) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanReadSection);
            if (!AccessPolicy.CanDecideSuggestion(actor, session.BodyId, suggestion.AuthorId, suggestion.OnBehalfOfId))
            {
                throw new ReviewException("Review.Error.Forbidden",
                    suggestion.AuthorId == actor.PersonId ? "You may not decide on your own suggestion." : "Only the section's chair or the vice-chair decides on suggestions.");
            }
            return await decide(session);
        });

    // Closes a pending suggestion without an edit: stored, then its mark is dropped from the editors.
    // With `notify`, its author is told (a decision by someone else).
    private async Task<int> CloseAsync(DocumentSession session, int suggestionId, Action<Suggestion> close, (NotificationTopic Topic, int ActorId)? notify = null)
    {
        IReadOnlyList<int> notified = [];
        var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId);
        var id = await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
        {
            var suggestion = await db.Suggestions.FirstAsync(s => s.Id == suggestionId);
            close(suggestion);
            if (notify is { } n)
            {
                notified = await NotificationService.AddAsync(db, session.BodyId, session.SectionId, n.Topic, n.ActorId, markId, suggestion.Proposers, Now);
            }
            return (suggestionId, null);
        }, untrackId: markId));
        await notifications.AnnounceAsync(notified);
        return id;
    }

    private Task<ReviewResult> ThreadActionAsync(Actor actor, int threadId, Func<Actor, int, bool> may, Func<CommentThread, int, Task<Action<CommentThread>>> prepare,
        Func<PlanDbContext, CommentThread, int, Task<IReadOnlyList<int>>>? notify = null) =>
        GuardedAsync(actor, async actor =>
        {
            await using var read = await dbFactory.CreateDbContextAsync();
            var thread = await read.CommentThreads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId)
                ?? throw new ReviewException("Review.Error.NotFound", "The thread does not exist.");
            var session = await ReadableSessionAsync(actor, thread.SectionId, may);
            var action = await prepare(thread, session.BodyId);
            var starterName = await read.People.Where(p => p.Id == thread.StarterId).Select(p => p.DisplayName).FirstAsync();
            IReadOnlyList<int> notified = [];
            var id = await session.ReviewAsync(turn => turn.StoreAsync<int>(async db =>
            {
                var tracked = await db.CommentThreads.Include(t => t.Comments).FirstAsync(t => t.Id == threadId);
                action(tracked);
                if (notify is not null)
                {
                    notified = await notify(db, tracked, session.BodyId);
                }
                // The editor draws open threads only: re-announce the mark with its state, where it is now.
                var mark = ReviewEffects.ThreadMark(tracked, starterName);
                var found = tracked.Orphaned ? null : turn.Find(mark.Id);
                return (threadId, found is { } f ? new StoredMark(mark, f.Anchor, string.Empty) : null);
            }));
            await notifications.AnnounceAsync(notified);
            return id;
        });

    private async Task<DocumentSession> ReadableSessionAsync(Actor actor, int sectionId, Func<Actor, int, bool> may)
    {
        var session = await sessions.GetAsync(sectionId)
            ?? throw new ReviewException("Review.Error.NotFound", $"Section {sectionId} does not exist.");
        if (!may(actor, session.BodyId))
        {
            throw new ReviewException("Review.Error.Forbidden", "You may not review this section.");
        }
        return session;
    }

    private async Task<Suggestion> FindSuggestionAsync(int id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Suggestions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id)
            ?? throw new ReviewException("Review.Error.NotFound", "The suggestion does not exist.");
    }

    // Read again on the writer loop: the state that counts is the one no other decision can change meanwhile.
    private async Task<Suggestion> PendingAsync(int id)
    {
        var suggestion = await FindSuggestionAsync(id);
        return suggestion.IsFinal ? throw ReviewException.Final(suggestion.State.ToString()) : suggestion;
    }

    private async Task<IReadOnlyList<int>> MentionsAsync(int bodyId, string body)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return Mentions.Find(body ?? string.Empty, await ReviewQueries.ReadersAsync(db, bodyId, default));
    }

    // Every action checks the person's roles as they are now, not as the page loaded them (ADR-001).
    private async Task<ReviewResult> GuardedAsync(Actor actor, Func<Actor, Task<int>> action)
    {
        var current = await actors.RefreshAsync(actor);
        return await GuardedAsync(() => action(current));
    }

    private static async Task<ReviewResult> GuardedAsync(Func<Task<int>> action)
    {
        try
        {
            return ReviewResult.Ok(await action());
        }
        catch (ReviewException e)
        {
            return new ReviewResult(e.Code);
        }
        catch (CollaborationException)
        {
            return new ReviewResult("Review.Error.Stale");
        }
    }
}

/// <summary>Which items to list: one section or a body or everything readable, optionally by one author.</summary>
public sealed record ReviewQuery(int? SectionId = null, int? BodyId = null, int? AuthorId = null, int Limit = 500);
