namespace PlanWorkspace.Domain.Review;

public enum ReviewMarkKind
{
    Suggestion,
    Thread,
}

/// <summary>
/// A suggestion or comment thread whose anchor a live session tracks, with what the editor needs
/// to draw it. <see cref="Id"/> is also the anchor's id: "s12" for suggestion 12, "t5" for thread 5.
/// </summary>
public sealed record ReviewMark(ReviewMarkKind Kind, int ItemId, int AuthorId, string AuthorName, string Color, string Quote, string Replacement, bool Resolved)
{
    public string Id => IdOf(Kind, ItemId);

    public static string IdOf(ReviewMarkKind kind, int itemId) => (kind == ReviewMarkKind.Suggestion ? "s" : "t") + itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A tracked mark as stored: its anchor and (suggestions) the text under it.</summary>
public sealed record StoredMark(ReviewMark Mark, ReviewAnchor Anchor, string CurrentText);

/// <summary>
/// A mark on the wire, in positions of <c>version</c> (sent alongside). <see cref="State"/> is
/// "open", "outdated" (suggestion whose text changed), "resolved" (thread) or "gone" (decided,
/// withdrawn or orphaned: the editor removes it).
/// </summary>
public sealed record ReviewMarkInfo(string Id, string Kind, string State, int From, int To, string Quote, string Replacement, string Author, string Color);

/// <summary>A change of a tracked item to store with the commit that caused it.</summary>
public sealed record ReviewEffect(ReviewMarkKind Kind, int ItemId, ReviewAnchor Anchor, string CurrentText, bool Orphaned);
