using System.Globalization;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// Review on the writer loop: the marks' anchors live in the working copy of the text, their
// stored state in the domain's AnchorBook, and both change only on the writer loop. A change the
// commit has not made durable yet is planned and applied after the commit, so a failed commit
// leaves them as the database has them.
public sealed partial class DocumentSession
{
    // The suggestions and threads whose anchors the working copy tracks.
    private readonly AnchorBook _book = new();

    /// <summary>
    /// Runs <paramref name="action"/> on the writer loop, between commits, so that what it reads
    /// (positions, text) and what it stores and tracks cannot interleave with any edit.
    /// </summary>
    public Task<T> ReviewAsync<T>(Func<ReviewTurn, Task<T>> action)
    {
        var pending = new PendingTurn(async turn => await action(turn));
        Enqueue(pending);
        return pending.Completion.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult()!, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void LoadMarks(DocumentAuthority working, IReadOnlyList<StoredMark> stored)
    {
        foreach (var mark in _book.Load(working, stored))
        {
            _logger.LogWarning("Section {SectionId}: mark {Mark} at {From}..{To} lies outside the text; not tracked.", SectionId, mark.Mark.Id, mark.Anchor.From, mark.Anchor.To);
        }
    }

    private sealed class PendingTurn(Func<ReviewTurn, Task<object?>> action) : IWork
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception error) => Completion.TrySetException(error);

        // A refusal (bad input, a final state) changed nothing; anything else fails the batch and resets.
        public async Task RunAsync(ReviewTurn turn)
        {
            try
            {
                Completion.TrySetResult(await action(turn));
            }
            catch (Exception e) when (e is ReviewException or CollaborationException)
            {
                Completion.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// What a review action may do while it has the writer loop: read positions and text, store
    /// an item and start or stop tracking it, or apply an edit (an accepted suggestion).
    /// </summary>
    public sealed class ReviewTurn
    {
        private readonly DocumentSession _session;

        internal ReviewTurn(DocumentSession session) => _session = session;

        /// <summary>The current version (between commits, the committed one).</summary>
        public int Version => _session._working.Version;

        /// <summary>
        /// Maps a range the client saw at <paramref name="version"/> to current positions (text
        /// typed at its edges stays outside) and returns it with the text it now covers.
        /// </summary>
        /// <exception cref="ReviewException">The range lies outside the text it was taken from.</exception>
        /// <exception cref="CollaborationException">The version is unknown or too old.</exception>
        public (ReviewAnchor Anchor, string Text) Locate(int version, int from, int to)
        {
            var authority = _session._working;
            CheckVersion(authority, version);
            var missed = authority.Pull(version);
            var lengthThen = missed.Count > 0 ? missed[0].Changes.Length : authority.Length;
            ReviewAnchor.Checked(from, to, version, lengthThen);
            foreach (var update in missed)
            {
                if (from == to)
                {
                    from = to = update.Changes.MapPosition(from, -1);
                }
                else
                {
                    (from, to) = (update.Changes.MapPosition(from, 1), update.Changes.MapPosition(to, -1));
                    to = Math.Max(from, to);
                }
            }
            return (new ReviewAnchor(from, to, authority.Version), authority.Slice(from, to));
        }

        /// <summary>The current anchor and text of a tracked mark, or null when it is not tracked.</summary>
        public (ReviewAnchor Anchor, string Text)? Find(string markId)
        {
            var authority = _session._working;
            var anchor = authority.FindAnchor(markId);
            return anchor is null ? null : (new ReviewAnchor(anchor.From, anchor.To, authority.Version), authority.Slice(anchor.From, anchor.To));
        }

        /// <summary>
        /// Runs <paramref name="store"/> in a transaction, then tracks the mark it returns (at its
        /// anchor) and/or stops tracking the mark <paramref name="untrackId"/>, and announces both.
        /// </summary>
        public async Task<T> StoreAsync<T>(Func<PlanDbContext, Task<(T Result, StoredMark? Track)>> store, string? untrackId = null)
        {
            var (result, track) = await _session._store.InTransactionAsync(store);
            var session = _session;
            var authority = session._working;
            var changed = new List<ReviewMarkInfo>();
            if (untrackId is not null && session._book.Untrack(authority, untrackId) is { } gone)
            {
                changed.Add(gone);
            }
            if (track is not null)
            {
                changed.Add(session._book.Track(authority, track));
            }
            lock (session._gate)
            {
                session._committedMarks = session._book.Infos(authority);
            }
            await session.Announce(new SectionCommitted(session.SectionId, authority.Version, [], changed, ReviewStored: true, StatusChanged: false), null);
            return result;
        }

        /// <summary>
        /// Replaces <paramref name="markId"/>'s range by <paramref name="insert"/> as an ordinary
        /// edit by <paramref name="authorId"/>, stops tracking the mark, and stores the edit with
        /// <paramref name="alongside"/> (given the new version) in one transaction.
        /// </summary>
        public async Task<int> ApplyAsync(string markId, string insert, int authorId, string clientId, Func<PlanDbContext, int, Task> alongside)
        {
            var anchor = _session._working.FindAnchor(markId) ?? throw new CollaborationException("not-tracked", $"{markId} is not tracked.");
            return await ReplaceAsync(anchor.From, anchor.To, insert, authorId, clientId, alongside, markId);
        }

        /// <summary>
        /// Replaces the current range <paramref name="from"/>..<paramref name="to"/> by <paramref name="insert"/> as an
        /// ordinary edit by <paramref name="authorId"/>, stored with <paramref name="alongside"/> in one transaction
        /// (a reverted suggestion); with <paramref name="markId"/>, that mark stops being tracked.
        /// </summary>
        public Task<int> ReplaceAsync(int from, int to, string insert, int authorId, string clientId, Func<PlanDbContext, int, Task> alongside, string? markId = null) =>
            _session.CommitReplaceAsync(from, to, insert, authorId, clientId, alongside, markId);
    }
}
