using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Drafting;

// Review on the edit path, as the session sees it: two commands, each with a typed result, and
// one store step Review implements. The session does the positional part (map a client's range,
// find a tracked anchor, commit an edit with its participants, track and release marks); what a
// review action stores is Review's, described by a ReviewWrite the session only hands on.

/// <summary>
/// A range a client saw: positions at <paramref name="Version"/> and, when given, the text the
/// client says it covered (refused when the client was current and the text differs).
/// </summary>
public sealed record ClientRange(int Version, int From, int To, string? Expected = null);

/// <summary>Where a range or mark is now: its anchor at the current version and the text it covers.</summary>
public sealed record Located(ReviewAnchor Anchor, string Text);

/// <summary>What a review action stores, in Review's own terms; the session never looks inside.</summary>
public abstract record ReviewWrite;

/// <summary>A review action the session runs on its writer loop, in order with the edits.</summary>
public abstract record ReviewCommand
{
    // Closed: the session's dispatch knows every command.
    private protected ReviewCommand()
    {
    }
}

/// <summary>A review command whose completion carries a <typeparamref name="TResult"/>.</summary>
public abstract record ReviewCommand<TResult> : ReviewCommand
{
    private protected ReviewCommand()
    {
    }
}

/// <summary>
/// Stores <paramref name="Write"/> without an edit (a new item, a revision, a decision, a comment):
/// the session locates <paramref name="At"/> when given, runs Review's store step in one
/// transaction, then releases <paramref name="Release"/> and tracks the mark the step returns.
/// </summary>
public sealed record StoreReview(ReviewWrite Write, ClientRange? At = null, string? Release = null) : ReviewCommand<ReviewStored>;

/// <summary>
/// Makes an edit on Review's behalf (an accepted or reverted suggestion): Review's plan step picks
/// the range and text on the writer loop, the session commits the edit as an ordinary one by
/// <paramref name="ClientId"/> with Review's record of it in the same transaction.
/// </summary>
public sealed record EditForReview(ReviewWrite Write, string ClientId) : ReviewCommand<ReviewEdited>;

/// <summary>
/// What a store step did: the item's id, the people it notified, and the mark to track from now
/// on (or to draw again where it is), if any.
/// </summary>
public sealed record ReviewStored(int Id, IReadOnlyList<int> Notified, StoredMark? Track = null);

/// <summary>What an <see cref="EditForReview"/> did: the item's id, the edit's version, the people notified.</summary>
public sealed record ReviewEdited(int Id, int Version, IReadOnlyList<int> Notified);

/// <summary>
/// The edit Review wants: replace <paramref name="From"/>..<paramref name="To"/> (current
/// positions) by <paramref name="Insert"/> as an edit by <paramref name="AuthorId"/>; with
/// <paramref name="Retires"/>, that mark stops being tracked with the edit.
/// </summary>
public sealed record ReviewEdit(int From, int To, string Insert, int AuthorId, string? Retires = null);

/// <summary>What Review's steps may read of the text while they have the writer loop.</summary>
public interface IReviewPositions
{
    /// <summary>The current version (between commits, the committed one).</summary>
    int Version { get; }

    /// <summary>Maps <paramref name="range"/> to current positions (text typed at its edges stays outside).</summary>
    /// <exception cref="ReviewException">The range lies outside the text it was taken from, or does not cover what it says.</exception>
    /// <exception cref="CollaborationException">The version is unknown or too old.</exception>
    Located Locate(ClientRange range);

    /// <summary>The current anchor and text of a tracked mark, or null when it is not tracked.</summary>
    Located? Find(string markId);
}

/// <summary>
/// Review's part of a review command, called by the session on its writer loop. Refusals throw
/// <see cref="ReviewException"/> (or <see cref="CollaborationException"/>) and change nothing.
/// </summary>
public interface IReviewStore
{
    /// <summary>
    /// Stores <paramref name="write"/> in <paramref name="db"/> (the session saves and commits the
    /// transaction); <paramref name="at"/> is where the command's range lies now.
    /// </summary>
    Task<ReviewStored> StoreAsync(PlanDbContext db, ReviewWrite write, Located? at, IReviewPositions positions, CancellationToken ct);

    /// <summary>Checks <paramref name="write"/> may be made as an edit now and says which.</summary>
    Task<ReviewEdit> PlanEditAsync(ReviewWrite write, IReviewPositions positions, CancellationToken ct);

    /// <summary>Stores the decision behind an edit, inside the edit's commit, which ends at <paramref name="version"/>.</summary>
    Task<ReviewStored> RecordEditAsync(PlanDbContext db, ReviewWrite write, int version, CancellationToken ct);
}
