using PlanWorkspace.Domain.Outcomes;


namespace PlanWorkspace.Domain.Review;

/// <summary>
/// A discussion attached to a passage: the first comment and the replies. The starter or the
/// section's chair resolves it and reopens it; a reply to a resolved thread reopens it. When
/// its passage is deleted the thread is orphaned — still readable with its quote, never moved.
/// </summary>
public sealed class CommentThread
{
    private readonly List<Comment> _comments = [];

    private CommentThread()
    {
    }

    /// <exception cref="ReviewException">The comment is empty or too long, or the quote is too long.</exception>
    public CommentThread(int sectionId, int starterId, ReviewAnchor anchor, string quote, string body, IReadOnlyCollection<int> mentions, DateTimeOffset now)
    {
        SectionId = sectionId;
        StarterId = starterId;
        Anchor = anchor;
        Quote = ReviewText.Bounded(quote ?? string.Empty, ReviewText.MaxQuote);
        CreatedAt = now;
        _comments.Add(new Comment(starterId, body, mentions, now));
    }

    public int Id { get; private set; }
    public int SectionId { get; private set; }
    public int StarterId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public ReviewAnchor Anchor { get; private set; } = null!;
    public string Quote { get; private set; } = string.Empty;
    public bool Resolved { get; private set; }
    public int? ResolvedById { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    /// <summary>The passage was deleted entirely at <see cref="ReviewAnchor.Version"/>.</summary>
    public bool Orphaned { get; private set; }
    public IReadOnlyList<Comment> Comments => _comments;

    /// <summary>Everyone who wrote in the thread.</summary>
    public IEnumerable<int> Participants => _comments.Select(c => c.AuthorId).Prepend(StarterId).Distinct();

    public Comment Reply(int authorId, string body, IReadOnlyCollection<int> mentions, DateTimeOffset now)
    {
        var comment = new Comment(authorId, body, mentions, now);
        _comments.Add(comment);
        if (Resolved)
        {
            (Resolved, ResolvedById, ResolvedAt) = (false, null, null);
        }
        return comment;
    }

    public void Resolve(int actorId, DateTimeOffset now)
    {
        if (Resolved)
        {
            throw new ReviewException(Refusals.Review.AlreadyResolved);
        }
        (Resolved, ResolvedById, ResolvedAt) = (true, actorId, now);
    }

    public void Reopen()
    {
        if (!Resolved)
        {
            throw new ReviewException(Refusals.Review.NotResolved);
        }
        (Resolved, ResolvedById, ResolvedAt) = (false, null, null);
    }

    /// <summary>Moves the anchor; returns true when it changed.</summary>
    public bool Track(ReviewAnchor anchor)
    {
        if (Orphaned || anchor == Anchor)
        {
            return false;
        }
        Anchor = anchor;
        return true;
    }

    public void Orphan(int version)
    {
        if (!Orphaned)
        {
            Orphaned = true;
            Anchor = Anchor with { From = 0, To = 0, Version = version };
        }
    }
}

/// <summary>One comment in a thread or on a suggestion, with the people it mentions (@name).</summary>
public sealed class Comment
{
    private Comment()
    {
    }

    internal Comment(int authorId, string body, IReadOnlyCollection<int> mentions, DateTimeOffset now)
    {
        AuthorId = authorId;
        Body = ReviewText.Required(body, ReviewText.MaxComment);
        Mentions = mentions.Distinct().Where(id => id != authorId).ToList();
        CreatedAt = now;
    }

    public int Id { get; private set; }
    /// <summary>The thread it belongs to, or null for a reply on a suggestion.</summary>
    public int? ThreadId { get; private set; }
    /// <summary>The suggestion it discusses, or null for a comment in a thread.</summary>
    public int? SuggestionId { get; private set; }
    public int AuthorId { get; private set; }
    public string Body { get; private set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Person ids mentioned with @name; they see the thread in their "for me" list.</summary>
    public List<int> Mentions { get; private set; } = [];
    /// <summary>When its author last changed it (shown as "edited").</summary>
    public DateTimeOffset? EditedAt { get; private set; }
    /// <summary>When its author deleted it; the text is gone, the place in the thread stays.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The author rewrites it; returns the people newly mentioned.</summary>
    /// <exception cref="ReviewException">Not the author, deleted, empty or too long.</exception>
    public IReadOnlyList<int> Edit(int actorId, string body, IReadOnlyCollection<int> mentions, DateTimeOffset now)
    {
        EnsureAuthor(actorId);
        var checkedBody = ReviewText.Required(body, ReviewText.MaxComment);
        var mentioned = mentions.Distinct().Where(id => id != AuthorId).ToList();
        var added = mentioned.Except(Mentions).ToList();
        (Body, Mentions, EditedAt) = (checkedBody, mentioned, now);
        return added;
    }

    /// <summary>The author deletes it: its text and mentions are removed.</summary>
    public void Delete(int actorId, DateTimeOffset now)
    {
        EnsureAuthor(actorId);
        (Body, Mentions, DeletedAt) = (string.Empty, [], now);
    }

    private void EnsureAuthor(int actorId)
    {
        if (actorId != AuthorId)
        {
            throw new ReviewException(Refusals.Review.NotYours);
        }
        if (DeletedAt is not null)
        {
            throw new ReviewException(Refusals.Review.Deleted);
        }
    }
}
