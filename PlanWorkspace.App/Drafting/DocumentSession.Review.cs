using PlanWorkspace.Domain.Outcomes;
using System.Diagnostics;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// Review on the writer loop: the marks' anchors live in the working copy of the text, their
// stored state in the domain's AnchorBook, and both change only on the writer loop. A change the
// commit has not made durable yet is planned and applied after the commit, so a failed commit
// leaves them as the database has them. Review's commands (ReviewCommands.cs) are typed: the
// session does the positional part and calls Review's store step; it knows no review table.
public sealed partial class DocumentSession
{
    // The suggestions and threads whose anchors the working copy tracks.
    private readonly AnchorBook _book = new();

    private readonly IReviewStore? _reviews;

    /// <summary>Review's store step (defined here, implemented by Review), given by the registry.</summary>
    internal IReviewStore Reviews
    {
        get => _reviews ?? throw new InvalidOperationException("The session was created without Review's store step.");
        init => _reviews = value;
    }

    /// <summary>
    /// Runs <paramref name="command"/> on the writer loop, between commits, so that what it reads
    /// (positions, text) and what it stores and tracks cannot interleave with any edit.
    /// </summary>
    public Task<TResult> ReviewAsync<TResult>(ReviewCommand<TResult> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var pending = new PendingReview(command);
        Enqueue(pending);
        return pending.Completion.Task.ContinueWith(t => (TResult)t.GetAwaiter().GetResult(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void LoadMarks(DocumentAuthority working, IReadOnlyList<StoredMark> stored)
    {
        foreach (var mark in _book.Load(working, stored))
        {
            _logger.LogWarning("Section {SectionId}: mark {Mark} at {From}..{To} lies outside the text; not tracked.", SectionId, mark.Mark.Id, mark.Anchor.From, mark.Anchor.To);
        }
    }

    // The dispatch: every command the session understands.
    private async Task<object> RunReviewAsync(ReviewCommand command) => command switch
    {
        StoreReview store => await StoreReviewAsync(store),
        EditForReview edit => await EditForReviewAsync(edit),
        _ => throw new UnreachableException($"Unknown review command {command.GetType().Name}."),
    };

    // Locates the range, has Review store the item in one transaction, then releases and tracks
    // the marks and announces both. Nothing is tracked or released unless the transaction committed.
    private async Task<ReviewStored> StoreReviewAsync(StoreReview command)
    {
        var positions = new Positions(this);
        var at = command.At is { } range ? positions.Locate(range) : null;
        var stored = await _store.InTransactionAsync(db => Reviews.StoreAsync(db, command.Write, at, positions, CancellationToken.None));
        var authority = _working;
        var changed = new List<ReviewMarkInfo>();
        if (command.Release is { } release && _book.Untrack(authority, release) is { } gone)
        {
            changed.Add(gone);
        }
        if (stored.Track is { } track)
        {
            changed.Add(_book.Track(authority, track));
        }
        lock (_gate)
        {
            _committedMarks = _book.Infos(authority);
        }
        await Announce(new SectionCommitted(SectionId, authority.Version, [], changed, ReviewStored: true, StatusChanged: false), null);
        return stored;
    }

    // Review picks the edit (and refuses it) on the writer loop; the session commits it like a
    // push, with Review's record of the decision in the same transaction.
    private async Task<ReviewEdited> EditForReviewAsync(EditForReview command)
    {
        var edit = await Reviews.PlanEditAsync(command.Write, new Positions(this), CancellationToken.None);
        ReviewStored? recorded = null;
        var version = await CommitReplaceAsync(edit.From, edit.To, edit.Insert, edit.AuthorId, command.ClientId,
            async (db, at) => recorded = await Reviews.RecordEditAsync(db, command.Write, at, CancellationToken.None), edit.Retires);
        return new ReviewEdited(recorded!.Id, version, recorded.Notified);
    }

    private sealed class PendingReview(ReviewCommand command) : IWork
    {
        public ReviewCommand Command { get; } = command;

        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception error) => Completion.TrySetException(error);
    }

    // A refusal (bad input, a final state) changed nothing; anything else fails the batch and resets.
    private async Task RunPendingReviewAsync(PendingReview work)
    {
        try
        {
            work.Completion.TrySetResult(await RunReviewAsync(work.Command));
        }
        catch (Exception e) when (e is ReviewException or CollaborationException)
        {
            work.Completion.TrySetException(e);
        }
    }

    /// <summary>The text as Review's steps read it: the working copy, between commits.</summary>
    private sealed class Positions(DocumentSession session) : IReviewPositions
    {
        public int Version => session._working.Version;

        public Located Locate(ClientRange range)
        {
            var authority = session._working;
            CheckVersion(authority, range.Version);
            var (from, to) = (range.From, range.To);
            var missed = authority.Pull(range.Version);
            var lengthThen = missed.Count > 0 ? missed[0].Changes.Length : authority.Length;
            ReviewAnchor.Checked(from, to, range.Version, lengthThen);
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
            var text = authority.Slice(from, to);
            if (range.Expected is { } expected && range.Version == authority.Version && text != expected)
            {
                throw new ReviewException(Refusals.Review.OutsideText);
            }
            return new Located(new ReviewAnchor(from, to, authority.Version), text);
        }

        public Located? Find(string markId)
        {
            var authority = session._working;
            var anchor = authority.FindAnchor(markId);
            return anchor is null ? null : new Located(new ReviewAnchor(anchor.From, anchor.To, authority.Version), authority.Slice(anchor.From, anchor.To));
        }
    }
}
