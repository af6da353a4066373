using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Domain.Review;

/// <summary>
/// The review marks (suggestions, comment threads) a live document tracks: their anchors live in
/// a <see cref="DocumentAuthority"/> (which moves them with every edit and reports the ones whose
/// text was deleted), their stored state here. After updates were applied, <see cref="Plan"/>
/// works out what to store — moved anchors, orphaned marks, a suggestion whose text changed — and
/// <see cref="PlannedMarks.Apply"/> takes it over once the commit is durable, so a failed commit
/// leaves the book as the database has it. Not thread-safe: one writer uses it.
/// </summary>
public sealed class AnchorBook
{
    private readonly Dictionary<string, TrackedMark> _marks = new(StringComparer.Ordinal);

    /// <summary>
    /// Tracks <paramref name="stored"/> in <paramref name="working"/> (replacing what was tracked)
    /// and returns the marks it could not, whose anchors lie outside the text.
    /// </summary>
    public IReadOnlyList<StoredMark> Load(DocumentAuthority working, IReadOnlyList<StoredMark> stored)
    {
        ArgumentNullException.ThrowIfNull(working);
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var id in _marks.Keys)
        {
            working.UntrackAnchor(id);
        }
        _marks.Clear();
        var outside = new List<StoredMark>();
        foreach (var mark in stored)
        {
            var (from, to) = (mark.Anchor.From, mark.Anchor.To);
            if (to > working.Length || from > to)
            {
                outside.Add(mark);
                continue;
            }
            working.TrackAnchor(new Anchor(mark.Mark.Id, from, to));
            _marks[mark.Mark.Id] = new TrackedMark(mark.Mark, mark.Anchor, mark.CurrentText);
        }
        return outside;
    }

    /// <summary>
    /// Follows updates another writer committed and stored the marks' effects of (another
    /// instance): the marks whose text they deleted (<paramref name="deleted"/>) leave the book,
    /// the others are stored where <paramref name="working"/> now has them.
    /// </summary>
    public void Follow(DocumentAuthority working, IReadOnlyList<DeletedAnchor> deleted)
    {
        ArgumentNullException.ThrowIfNull(working);
        ArgumentNullException.ThrowIfNull(deleted);
        foreach (var gone in deleted)
        {
            _marks.Remove(gone.Anchor.Id);
        }
        foreach (var tracked in _marks.Values)
        {
            if (working.FindAnchor(tracked.Mark.Id) is { } anchor)
            {
                tracked.Stored = new ReviewAnchor(anchor.From, anchor.To, working.Version);
            }
        }
    }

    /// <summary>Tracks every mark again at its stored anchor (a fresh copy of the committed text).</summary>
    public void Retrack(DocumentAuthority working)
    {
        ArgumentNullException.ThrowIfNull(working);
        foreach (var tracked in _marks.Values)
        {
            working.TrackAnchor(new Anchor(tracked.Mark.Id, tracked.Stored.From, tracked.Stored.To));
        }
    }

    /// <summary>Every tracked mark as the editor draws it, in <paramref name="working"/>'s positions.</summary>
    public IReadOnlyList<ReviewMarkInfo> Infos(DocumentAuthority working)
    {
        ArgumentNullException.ThrowIfNull(working);
        return _marks.Values.Select(tracked => Info(tracked.Mark, StateOf(tracked.Mark, tracked.CurrentText),
            working.FindAnchor(tracked.Mark.Id) is { } a ? new ReviewAnchor(a.From, a.To, working.Version) : tracked.Stored)).ToList();
    }

    /// <summary>
    /// Starts tracking <paramref name="mark"/> (just stored) in <paramref name="working"/>; returns
    /// it as the editor draws it.
    /// </summary>
    public ReviewMarkInfo Track(DocumentAuthority working, StoredMark mark)
    {
        ArgumentNullException.ThrowIfNull(working);
        ArgumentNullException.ThrowIfNull(mark);
        working.TrackAnchor(new Anchor(mark.Mark.Id, mark.Anchor.From, mark.Anchor.To));
        _marks[mark.Mark.Id] = new TrackedMark(mark.Mark, mark.Anchor, mark.CurrentText);
        return Info(mark.Mark, StateOf(mark.Mark, mark.CurrentText), mark.Anchor);
    }

    /// <summary>Stops tracking <paramref name="markId"/> now (its decision is stored); returns it as "gone", or null when it was not tracked.</summary>
    public ReviewMarkInfo? Untrack(DocumentAuthority working, string markId)
    {
        ArgumentNullException.ThrowIfNull(working);
        return working.UntrackAnchor(markId) && _marks.Remove(markId, out var old) ? Info(old.Mark, "gone", old.Stored) : null;
    }

    /// <summary>
    /// <paramref name="markId"/> as "gone", for an edit that will remove it: the anchor leaves
    /// <paramref name="working"/> now, the book only when the edit is durable (<see cref="Plan"/>'s untrack).
    /// </summary>
    public ReviewMarkInfo? Retire(DocumentAuthority working, string markId)
    {
        ArgumentNullException.ThrowIfNull(working);
        working.UntrackAnchor(markId);
        return _marks.TryGetValue(markId, out var old) ? Info(old.Mark, "gone", old.Stored) : null;
    }

    /// <summary>
    /// What updates just applied to <paramref name="working"/> (now at <paramref name="version"/>)
    /// did to the tracked marks: orphaned (<paramref name="deleted"/>), moved, or (suggestions)
    /// their text changed. The marks as drawn that changed are added to <paramref name="changed"/>;
    /// <paramref name="untrackId"/> leaves the book with the commit.
    /// </summary>
    public PlannedMarks Plan(DocumentAuthority working, IReadOnlyList<DeletedAnchor> deleted, int version, List<ReviewMarkInfo> changed, string? untrackId)
    {
        ArgumentNullException.ThrowIfNull(working);
        ArgumentNullException.ThrowIfNull(deleted);
        ArgumentNullException.ThrowIfNull(changed);
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
            if (tracked.Mark.Id == untrackId || working.FindAnchor(tracked.Mark.Id) is not { } anchor)
            {
                continue;
            }
            var current = tracked.Mark.Kind == ReviewMarkKind.Suggestion ? working.Slice(anchor.From, anchor.To) : string.Empty;
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

    /// <summary>What a commit will store about the marks; <see cref="Apply"/> once it is durable.</summary>
    public sealed class PlannedMarks
    {
        private readonly AnchorBook _book;
        private readonly string? _untrackId;

        internal PlannedMarks(AnchorBook book, string? untrackId) => (_book, _untrackId) = (book, untrackId);

        /// <summary>The changes to store with the commit.</summary>
        public List<ReviewEffect> Effects { get; } = [];

        internal List<string> Orphaned { get; } = [];
        internal List<(TrackedMark Mark, ReviewAnchor Stored, string Current)> Moved { get; } = [];

        /// <summary>True when the marks as drawn change (moved, orphaned, untracked or re-stated).</summary>
        public bool Changed => Effects.Count > 0 || _untrackId is not null;

        /// <summary>Called once the commit is durable.</summary>
        public void Apply()
        {
            foreach (var id in Orphaned)
            {
                _book._marks.Remove(id);
            }
            if (_untrackId is not null)
            {
                _book._marks.Remove(_untrackId);
            }
            foreach (var (mark, stored, current) in Moved)
            {
                mark.Stored = stored;
                mark.CurrentText = current;
            }
        }
    }

    internal sealed class TrackedMark(ReviewMark mark, ReviewAnchor stored, string currentText)
    {
        public ReviewMark Mark { get; } = mark;
        /// <summary>The anchor as last stored: its positions hold at the committed version.</summary>
        public ReviewAnchor Stored { get; set; } = stored;
        public string CurrentText { get; set; } = currentText;
    }
}
