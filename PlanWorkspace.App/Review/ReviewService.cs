using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>A selection as the client saw it: positions at <c>Version</c> and the text they covered.</summary>
public sealed record SelectionAt(int Version, int From, int To, string Text);

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

/// <summary>Someone who may be @mentioned in a section (by name or e-mail address): they can read it.</summary>
public sealed record MentionCandidate(int Id, string Name, string? Email = null);

/// <summary>Review counts of one section: pending suggestions, open threads, and what waits on the actor.</summary>
public sealed record ReviewCounts(int Suggestions, int Threads, int ForMe);

/// <summary>
/// Suggestions and comment threads. Every action checks <see cref="AccessPolicy"/> here and runs
/// on the section's live session, so anchors, decisions and edits are ordered with all typing.
/// </summary>
public sealed partial class ReviewService(DocumentSessionRegistry sessions, IDbContextFactory<PlanDbContext> dbFactory, CurrentActors actors, NotificationService notifications)
{
    /// <summary>
    /// Proposes replacing the selection (or inserting at the cursor, or deleting) by <paramref name="replacement"/>.
    /// A writer of the section may enter it <paramref name="onBehalfOf"/> someone who may read the
    /// section (an advisor who phoned it in): the card names them, and they hear of its decision.
    /// </summary>
    public Task<Result<int>> SuggestAsync(Actor actor, int sectionId, SelectionAt selection, string? replacement, string? reason, int? onBehalfOf = null) =>
        GuardedAsync(actor, async actor =>
        {
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanSuggest);
            if (onBehalfOf is { } proposer)
            {
                await EnsureMayProposeForAsync(actor, session.BodyId, proposer);
            }
            var mentions = string.IsNullOrEmpty(reason) ? [] : await MentionsAsync(session.BodyId, reason);
            var stored = await session.ReviewAsync(new StoreReview(
                new NewSuggestion(sectionId, actor.PersonId, actor.DisplayName, selection.Text, replacement, reason, onBehalfOf, session.BodyId, mentions), At(selection)));
            await notifications.AnnounceAsync(stored.Notified);
            return stored.Id;
        });

    // Only a writer of the section proposes for someone else, and only for a person who may read it
    // with their memberships as they are now (a former advisor is not named on a new suggestion).
    private async Task EnsureMayProposeForAsync(Actor actor, int bodyId, int proposer)
    {
        if (!AccessPolicy.CanEditSection(actor, bodyId))
        {
            throw new ReviewException(Refusals.Review.OnBehalfNotWriter);
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var person = await db.People.AsNoTracking().Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Id == proposer);
        if (person is null || !AccessPolicy.CanReadSection(Actor.From(person), bodyId))
        {
            throw new ReviewException(Refusals.Review.OnBehalfNotReader);
        }
    }

    /// <summary>
    /// The author rewrites their pending suggestion over a new selection (typing on at its edge in
    /// suggesting mode); the editors redraw it where it now is.
    /// </summary>
    public Task<Result<int>> ReviseAsync(Actor actor, int suggestionId, SelectionAt selection, string? replacement) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanSuggest);
            var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggestionId);
            var stored = await session.ReviewAsync(new StoreReview(
                new ReviseSuggestion(suggestionId, actor.PersonId, actor.DisplayName, selection.Text, replacement), At(selection), Release: markId));
            return stored.Id;
        });

    /// <summary>
    /// Applies the suggestion's replacement as an edit by its author, approved by <paramref name="actor"/>.
    /// An outdated one needs <paramref name="confirmOutdated"/>.
    /// </summary>
    public Task<Result<int>> AcceptAsync(Actor actor, int suggestionId, bool confirmOutdated = false) =>
        DecideAsync(actor, suggestionId, async (actor, session) =>
        {
            // Review's plan step reads the suggestion again on the writer loop, finds its mark and refuses an outdated one.
            var edited = await session.ReviewAsync(new EditForReview(
                new AcceptSuggestion(suggestionId, session.BodyId, session.SectionId, actor.PersonId, confirmOutdated), $"suggestion-{suggestionId}"));
            await notifications.AnnounceAsync(edited.Notified);
            return edited.Id;
        });

    public Task<Result<int>> RejectAsync(Actor actor, int suggestionId, string? note) =>
        DecideAsync(actor, suggestionId, (actor, session) => CloseAsync(session, new CloseSuggestion(suggestionId, session.BodyId, session.SectionId, actor.PersonId, SuggestionClosing.Reject, note)));

    /// <summary>The author takes back their own pending suggestion.</summary>
    public Task<Result<int>> WithdrawAsync(Actor actor, int suggestionId) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanSuggest);
            if (suggestion.AuthorId != actor.PersonId)
            {
                throw new ReviewException(Refusals.Review.NotYours);
            }
            return await CloseAsync(session, new CloseSuggestion(suggestionId, session.BodyId, session.SectionId, actor.PersonId, SuggestionClosing.Withdraw));
        });

    /// <summary>Accepts or rejects each of <paramref name="ids"/> in turn; returns the refusals by id (outdated ones are not accepted in bulk).</summary>
    public async Task<IReadOnlyDictionary<int, Refusal>> DecideManyAsync(Actor actor, IEnumerable<int> ids, bool accept, string? note = null)
    {
        var refused = new Dictionary<int, Refusal>();
        foreach (var id in ids.Distinct())
        {
            var result = accept ? await AcceptAsync(actor, id) : await RejectAsync(actor, id, note);
            if (!result.Succeeded)
            {
                refused[id] = result.Refusal!;
            }
        }
        return refused;
    }

    /// <summary>Starts a thread on a selection with its first comment.</summary>
    public Task<Result<int>> StartThreadAsync(Actor actor, int sectionId, SelectionAt selection, string body) =>
        GuardedAsync(actor, async actor =>
        {
            var session = await ReadableSessionAsync(actor, sectionId, AccessPolicy.CanComment);
            if (selection.From >= selection.To)
            {
                throw new ReviewException(Refusals.Review.NoSelection);
            }
            var mentions = await MentionsAsync(session.BodyId, body);
            var stored = await session.ReviewAsync(new StoreReview(
                new NewThread(sectionId, session.BodyId, actor.PersonId, actor.DisplayName, selection.Text, body, mentions), At(selection)));
            await notifications.AnnounceAsync(stored.Notified);
            return stored.Id;
        });

    /// <summary>Replies in a thread: the people it mentions are told, and so is everyone else who wrote in it.</summary>
    public Task<Result<int>> ReplyAsync(Actor actor, int threadId, string body) =>
        ThreadActionAsync(actor, threadId, AccessPolicy.CanComment, async (actor, thread, bodyId, starterName) =>
            new ChangeThread(threadId, bodyId, actor.PersonId, starterName, ThreadChange.Reply, body, await MentionsAsync(bodyId, body)));

    /// <summary>Resolves (or with <paramref name="resolve"/> false reopens) a thread.</summary>
    public Task<Result<int>> ResolveAsync(Actor actor, int threadId, bool resolve = true) =>
        ThreadActionAsync(actor, threadId, AccessPolicy.CanComment, (actor, thread, bodyId, starterName) =>
        {
            if (!AccessPolicy.CanResolveThread(actor, bodyId, thread.StarterId))
            {
                throw new ReviewException(Refusals.Review.Forbidden);
            }
            return Task.FromResult(new ChangeThread(threadId, bodyId, actor.PersonId, starterName, resolve ? ThreadChange.Resolve : ThreadChange.Reopen));
        });

    // The selection as the session locates it (the client's text is checked there when the client was current).
    private static ClientRange At(SelectionAt selection)
    {
        if (selection.To - selection.From != (selection.Text ?? string.Empty).Length)
        {
            throw new ReviewException(Refusals.Review.OutsideText);
        }
        return new ClientRange(selection.Version, selection.From, selection.To, selection.Text ?? string.Empty);
    }

    private Task<Result<int>> DecideAsync(Actor actor, int suggestionId, Func<Actor, DocumentSession, Task<int>> decide) =>
        GuardedAsync(actor, async actor =>
        {
            var suggestion = await FindSuggestionAsync(suggestionId);
            var session = await ReadableSessionAsync(actor, suggestion.SectionId, AccessPolicy.CanReadSection);
            if (!AccessPolicy.CanDecideSuggestion(actor, session.BodyId, suggestion.AuthorId, suggestion.OnBehalfOfId))
            {
                throw new ReviewException(Refusals.Review.Forbidden);
            }
            return await decide(actor, session);
        });

    // Closes a pending suggestion without an edit: stored, then its mark is dropped from the editors.
    // A rejection tells its proposers.
    private async Task<int> CloseAsync(DocumentSession session, CloseSuggestion close)
    {
        var stored = await session.ReviewAsync(new StoreReview(close, Release: ReviewMark.IdOf(ReviewMarkKind.Suggestion, close.SuggestionId)));
        await notifications.AnnounceAsync(stored.Notified);
        return stored.Id;
    }

    // Finds the thread, checks the actor may act on it, and has `prepare` (which may refuse) say what to store.
    private Task<Result<int>> ThreadActionAsync(Actor actor, int threadId, Func<Actor, int, bool> may,
        Func<Actor, CommentThread, int, string, Task<ChangeThread>> prepare) =>
        GuardedAsync(actor, async actor =>
        {
            await using var read = await dbFactory.CreateDbContextAsync();
            var thread = await read.CommentThreads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId)
                ?? throw new ReviewException(Refusals.Review.NotFound);
            var session = await ReadableSessionAsync(actor, thread.SectionId, may);
            var starterName = await read.People.Where(p => p.Id == thread.StarterId).Select(p => p.DisplayName).FirstAsync();
            var change = await prepare(actor, thread, session.BodyId, starterName);
            var stored = await session.ReviewAsync(new StoreReview(change));
            await notifications.AnnounceAsync(stored.Notified);
            return stored.Id;
        });

    private async Task<DocumentSession> ReadableSessionAsync(Actor actor, int sectionId, Func<Actor, int, bool> may)
    {
        var session = await sessions.GetAsync(sectionId)
            ?? throw new ReviewException(Refusals.Review.NotFound);
        if (!may(actor, session.BodyId))
        {
            throw new ReviewException(Refusals.Review.Forbidden);
        }
        return session;
    }

    private async Task<Suggestion> FindSuggestionAsync(int id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Suggestions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id)
            ?? throw new ReviewException(Refusals.Review.NotFound);
    }

    private async Task<IReadOnlyList<int>> MentionsAsync(int bodyId, string body)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return Mentions.Find(body ?? string.Empty, await ReviewQueries.ReadersAsync(db, bodyId, default));
    }

    // Every action checks the person's roles as they are now, not as the page loaded them (ADR-001).
    private async Task<Result<int>> GuardedAsync(Actor actor, Func<Actor, Task<int>> action)
    {
        var current = await actors.RefreshAsync(actor);
        return await GuardedAsync(() => action(current));
    }

    private static async Task<Result<int>> GuardedAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ReviewException e)
        {
            return e.Refusal;
        }
        catch (CollaborationException)
        {
            return Refusals.Review.Stale;
        }
    }
}

/// <summary>Which items to list: one section or a body or everything readable, optionally by one author.</summary>
public sealed record ReviewQuery(int? SectionId = null, int? BodyId = null, int? AuthorId = null, int Limit = 500);
