using PlanWorkspace.Domain.Outcomes;


namespace PlanWorkspace.Domain.Review;

/// <summary>Where a suggestion stands. Accepted, rejected, withdrawn and orphaned are final.</summary>
public enum SuggestionState
{
    /// <summary>Waiting for the chair; the anchored text is still what the advisor saw.</summary>
    Open,
    /// <summary>Waiting, but the anchored text changed since it was made; accepting asks for confirmation.</summary>
    Outdated,
    Accepted,
    Rejected,
    Withdrawn,
    /// <summary>The anchored text was deleted entirely; kept with its quote, never re-attached.</summary>
    Orphaned,
}

/// <summary>What a suggestion does to its range.</summary>
public enum SuggestionKind
{
    Replace,
    Insert,
    Delete,
}

/// <summary>
/// A proposed exact change to a section: replace the anchored range (the <see cref="Quote"/> the
/// author saw) by <see cref="Replacement"/>. The anchor is mapped through every accepted update
/// by the live session, which also keeps <see cref="CurrentText"/> and the outdated state.
/// </summary>
public sealed class Suggestion
{
    private readonly List<Comment> _comments = [];

    private Suggestion()
    {
    }

    /// <summary>
    /// Makes an open suggestion; <paramref name="currentText"/> is what the range holds now (outdated
    /// when it differs from the quote). With <paramref name="onBehalfOfId"/> the author enters it for
    /// someone else (an advisor who phoned it in): who may do that is the caller's check.
    /// </summary>
    /// <exception cref="ReviewException">Nothing would change, a text is over its limit, or the author names themselves.</exception>
    public Suggestion(int sectionId, int authorId, ReviewAnchor anchor, string quote, string currentText, string? replacement, string? reason, DateTimeOffset now,
        int? onBehalfOfId = null)
    {
        if (onBehalfOfId == authorId)
        {
            throw new ReviewException(Refusals.Review.OnBehalfOfSelf);
        }
        Quote = ReviewText.Bounded(quote ?? string.Empty, ReviewText.MaxQuote);
        Replacement = ReviewText.Bounded(replacement ?? string.Empty, ReviewText.MaxReplacement);
        Reason = ReviewText.Optional(reason, ReviewText.MaxReason);
        if (Quote.Length == 0 && Replacement.Length == 0)
        {
            throw new ReviewException(Refusals.Review.NothingSuggested);
        }
        if (Quote == Replacement)
        {
            throw new ReviewException(Refusals.Review.SameText);
        }
        if (anchor.To - anchor.From != currentText.Length)
        {
            throw new ArgumentException("The current text does not fit the anchor.", nameof(currentText));
        }
        SectionId = sectionId;
        AuthorId = authorId;
        OnBehalfOfId = onBehalfOfId;
        Anchor = anchor;
        CurrentText = currentText;
        CreatedAt = now;
        State = currentText == Quote ? SuggestionState.Open : SuggestionState.Outdated;
    }

    public int Id { get; private set; }
    public int SectionId { get; private set; }
    public int AuthorId { get; private set; }
    /// <summary>The person it is proposed for, when the author entered it on their behalf; they hear of its decision.</summary>
    public int? OnBehalfOfId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public ReviewAnchor Anchor { get; private set; } = null!;
    /// <summary>The text the author selected when suggesting (empty for an insertion).</summary>
    public string Quote { get; private set; } = string.Empty;
    /// <summary>The text under the anchor now; differs from <see cref="Quote"/> when outdated.</summary>
    public string CurrentText { get; private set; } = string.Empty;
    /// <summary>The proposed text (empty for a deletion).</summary>
    public string Replacement { get; private set; } = string.Empty;
    public string? Reason { get; private set; }
    public SuggestionState State { get; private set; }
    public int? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>The section version the accepted replacement produced.</summary>
    public int? AppliedVersion { get; private set; }

    /// <summary>The discussion on the suggestion (replies on its card), in any state.</summary>
    public IReadOnlyList<Comment> Comments => _comments;
    /// <summary>The version whose edit undid the accepted replacement, if it was reverted.</summary>
    public int? RevertedVersion { get; private set; }
    public int? RevertedById { get; private set; }

    public SuggestionKind Kind => Quote.Length == 0 ? SuggestionKind.Insert : Replacement.Length == 0 ? SuggestionKind.Delete : SuggestionKind.Replace;

    /// <summary>Who hears of a decision or a reply: the author, and the person it was proposed for.</summary>
    public IEnumerable<int> Proposers => OnBehalfOfId is { } other ? [AuthorId, other] : [AuthorId];

    public bool IsFinal => State is SuggestionState.Accepted or SuggestionState.Rejected or SuggestionState.Withdrawn or SuggestionState.Orphaned;

    /// <summary>Waiting for a decision: open or outdated.</summary>
    public bool IsPending => !IsFinal;

    /// <summary>
    /// Records where the anchor is now and what it holds; an open suggestion whose text changed
    /// becomes outdated, and back to open if the text is restored. Returns true when anything changed.
    /// </summary>
    public bool Track(ReviewAnchor anchor, string currentText)
    {
        if (IsFinal)
        {
            return false;
        }
        var state = currentText == Quote ? SuggestionState.Open : SuggestionState.Outdated;
        var changed = anchor != Anchor || currentText != CurrentText || state != State;
        (Anchor, CurrentText, State) = (anchor, currentText, state);
        return changed;
    }

    /// <summary>
    /// The author rewrites their pending suggestion — typing on in suggesting mode grows it: a new
    /// anchor, the quote the author now sees there and the proposed text. The reason is kept.
    /// </summary>
    /// <exception cref="ReviewException">Not the author, already decided, nothing would change, or over a limit.</exception>
    public void Revise(int actorId, ReviewAnchor anchor, string quote, string currentText, string? replacement)
    {
        EnsurePending();
        if (actorId != AuthorId)
        {
            throw new ReviewException(Refusals.Review.NotYours);
        }
        var revised = new Suggestion(SectionId, AuthorId, anchor, quote, currentText, replacement, Reason, CreatedAt);
        (Anchor, Quote, CurrentText, Replacement, State) = (revised.Anchor, revised.Quote, revised.CurrentText, revised.Replacement, revised.State);
    }

    /// <summary>A reply on the suggestion's card.</summary>
    public Comment Reply(int authorId, string body, IReadOnlyCollection<int> mentions, DateTimeOffset now)
    {
        var comment = new Comment(authorId, body, mentions, now);
        _comments.Add(comment);
        return comment;
    }

    /// <summary>Records that the accepted replacement was undone by a new edit at <paramref name="version"/>.</summary>
    /// <exception cref="ReviewException">Not accepted, or already reverted.</exception>
    public void Revert(int actorId, int version)
    {
        if (State != SuggestionState.Accepted)
        {
            throw new ReviewException(Refusals.Review.NotAccepted);
        }
        if (RevertedVersion is not null)
        {
            throw new ReviewException(Refusals.Review.AlreadyReverted);
        }
        (RevertedVersion, RevertedById) = (version, actorId);
    }

    /// <summary>The anchored text was deleted entirely at <paramref name="version"/>.</summary>
    public void Orphan(int version)
    {
        EnsurePending();
        State = SuggestionState.Orphaned;
        Anchor = Anchor with { From = 0, To = 0, Version = version };
    }

    /// <summary>Marks it accepted by <paramref name="deciderId"/>; the replacement was applied as <paramref name="appliedVersion"/>.</summary>
    public void Accept(int deciderId, int appliedVersion, DateTimeOffset now)
    {
        EnsurePending();
        (State, DecidedById, DecidedAt, AppliedVersion) = (SuggestionState.Accepted, deciderId, now, appliedVersion);
    }

    public void Reject(int deciderId, string? note, DateTimeOffset now)
    {
        EnsurePending();
        var checkedNote = ReviewText.Optional(note, ReviewText.MaxReason);
        (State, DecidedById, DecidedAt, DecisionNote) = (SuggestionState.Rejected, deciderId, now, checkedNote);
    }

    /// <summary>The author takes it back.</summary>
    public void Withdraw(int actorId, DateTimeOffset now)
    {
        EnsurePending();
        if (actorId != AuthorId)
        {
            throw new ReviewException(Refusals.Review.NotYours);
        }
        (State, DecidedById, DecidedAt) = (SuggestionState.Withdrawn, actorId, now);
    }

    private void EnsurePending()
    {
        if (IsFinal)
        {
            throw new ReviewException(Refusals.Review.Final);
        }
    }
}
