using System.Globalization;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// The review marks a session tracks: their anchors live in the working copy of the text, their
// stored state in _marks, and both change only on the writer loop. A change the commit has not
// made durable yet is planned (PlannedMarks) and applied after the commit, so a failed commit
// leaves them as the database has them.
public sealed partial class DocumentSession
{
    // The suggestions and threads whose anchors the working copy tracks, by anchor id.
    private readonly Dictionary<string, TrackedMark> _marks = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="action"/> on the writer loop, between commits, so that what it reads
    /// (positions, text) and what it stores and tracks cannot interleave with any edit.
    /// </summary>
    public Task<T> ReviewAsync<T>(Func<ReviewTurn, Task<T>> action)
    {
        var pending = new PendingTurn(async turn => await action(turn));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw CollaborationException.Closing();
        }
        return pending.Completion.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult()!, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void LoadMarks(DocumentAuthority working, IReadOnlyList<StoredMark> stored)
    {
        _marks.Clear();
        foreach (var mark in stored)
        {
            var (from, to) = (mark.Anchor.From, mark.Anchor.To);
            if (to > working.Length || from > to)
            {
                _logger.LogWarning("Section {SectionId}: mark {Mark} at {From}..{To} lies outside the text; not tracked.", SectionId, mark.Mark.Id, from, to);
                continue;
            }
            working.TrackAnchor(new Anchor(mark.Mark.Id, from, to));
            _marks[mark.Mark.Id] = new TrackedMark(mark.Mark, mark.Anchor, mark.CurrentText);
        }
    }

    // Every tracked mark's stored anchor holds its positions at the committed version.
    private void RetrackMarks(DocumentAuthority working)
    {
        foreach (var tracked in _marks.Values)
        {
            working.TrackAnchor(new Anchor(tracked.Mark.Id, tracked.Stored.From, tracked.Stored.To));
        }
    }

    private IReadOnlyList<ReviewMarkInfo> MarkInfos(DocumentAuthority working) =>
        _marks.Values.Select(tracked => Info(tracked.Mark, StateOf(tracked.Mark, tracked.CurrentText),
            working.FindAnchor(tracked.Mark.Id) is { } a ? new ReviewAnchor(a.From, a.To, working.Version) : tracked.Stored)).ToList();

    // What the last updates did to the tracked marks: orphaned (their text deleted), moved, or
    // (suggestions) their text changed — to store with the commit, then apply to _marks.
    private PlannedMarks PlanMarkEffects(IReadOnlyList<DeletedAnchor> deleted, int version, List<ReviewMarkInfo> changed, string? untrackId)
    {
        var plan = new PlannedMarks(this, untrackId);
        foreach (var gone in deleted)
        {
            if (_marks.TryGetValue(gone.Anchor.Id, out var tracked))
            {
                var anchor = new ReviewAnchor(0, 0, gone.Version);
                plan.Effects.Add(new ReviewEffect(tracked.Mark.Kind, tracked.Mark.ItemId, anchor, string.Empty, Orphaned: true));
                plan.Orphaned.Add(gone.Anchor.Id);
                changed.Add(Info(tracked.Mark, "gone", anchor));
            }
        }
        foreach (var tracked in _marks.Values)
        {
            if (tracked.Mark.Id == untrackId || _working.FindAnchor(tracked.Mark.Id) is not { } anchor)
            {
                continue;
            }
            var current = tracked.Mark.Kind == ReviewMarkKind.Suggestion ? _working.Slice(anchor.From, anchor.To) : string.Empty;
            if (anchor.From == tracked.Stored.From && anchor.To == tracked.Stored.To && current == tracked.CurrentText)
            {
                continue;
            }
            var stored = new ReviewAnchor(anchor.From, anchor.To, version);
            plan.Effects.Add(new ReviewEffect(tracked.Mark.Kind, tracked.Mark.ItemId, stored, current, Orphaned: false));
            plan.Moved.Add((tracked, stored, current));
            if (current != tracked.CurrentText)
            {
                changed.Add(Info(tracked.Mark, StateOf(tracked.Mark, current), stored));
            }
        }
        return plan;
    }

    private static string StateOf(ReviewMark mark, string currentText) => mark.Kind == ReviewMarkKind.Suggestion
        ? (currentText == mark.Quote ? "open" : "outdated")
        : (mark.Resolved ? "resolved" : "open");

    private static ReviewMarkInfo Info(ReviewMark mark, string state, ReviewAnchor anchor) =>
        new(mark.Id, mark.Kind == ReviewMarkKind.Suggestion ? "suggestion" : "thread", state, anchor.From, anchor.To, mark.Quote, mark.Replacement, mark.AuthorName, mark.Color);

    private sealed class PlannedMarks(DocumentSession session, string? untrackId)
    {
        public List<ReviewEffect> Effects { get; } = [];
        public List<string> Orphaned { get; } = [];
        public List<(TrackedMark Mark, ReviewAnchor Stored, string Current)> Moved { get; } = [];

        /// <summary>True when the marks as drawn change (moved, orphaned, untracked or re-stated).</summary>
        public bool Changed => Effects.Count > 0 || untrackId is not null;

        /// <summary>Called once the commit is durable.</summary>
        public void Apply()
        {
            foreach (var id in Orphaned)
            {
                session._marks.Remove(id);
            }
            if (untrackId is not null)
            {
                session._marks.Remove(untrackId);
            }
            foreach (var (mark, stored, current) in Moved)
            {
                mark.Stored = stored;
                mark.CurrentText = current;
            }
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

    private sealed class TrackedMark(ReviewMark mark, ReviewAnchor stored, string currentText)
    {
        public ReviewMark Mark { get; } = mark;
        /// <summary>The anchor as last stored: its positions hold at the committed version.</summary>
        public ReviewAnchor Stored { get; set; } = stored;
        public string CurrentText { get; set; } = currentText;
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
            if (untrackId is not null && authority.UntrackAnchor(untrackId) && session._marks.Remove(untrackId, out var old))
            {
                changed.Add(Info(old.Mark, "gone", old.Stored));
            }
            if (track is not null)
            {
                authority.TrackAnchor(new Anchor(track.Mark.Id, track.Anchor.From, track.Anchor.To));
                session._marks[track.Mark.Id] = new TrackedMark(track.Mark, track.Anchor, track.CurrentText);
                changed.Add(Info(track.Mark, StateOf(track.Mark, track.CurrentText), track.Anchor));
            }
            lock (session._gate)
            {
                session._committedMarks = session.MarkInfos(authority);
            }
            await session._feed.PublishAsync(new SectionCommitted(session.SectionId, authority.Version, [], changed, ReviewStored: true, StatusChanged: false));
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
