using System.Runtime.InteropServices;

namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The central authority for one document in the <c>@codemirror/collab</c> protocol: it holds
/// the current text and version, the accepted updates, and the tracked anchors. A push is
/// deduplicated and rebased over what the client missed (collab's <c>rebaseUpdates</c>),
/// applied, appended and returned; broadcasting and persistence belong to the caller.
/// Not thread-safe: the caller serialises calls per document.
/// </summary>
public sealed class DocumentAuthority
{
    private readonly Rope _text;

    // The history is kept column-wise: an AcceptedUpdate object per keystroke would be one more
    // long-lived object for the garbage collector to trace and promote. Records are created
    // only for what Pull and Push hand out.
    private readonly List<ChangeSet> _changes = [];
    private readonly List<string> _clientIds = [];
    private readonly List<string> _authors = [];
    private readonly List<DateTimeOffset> _timestamps = [];
    private readonly Dictionary<string, Anchor> _anchors = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a document at <paramref name="startVersion"/> with <paramref name="text"/> (a
    /// snapshot); updates before that version are not held.
    /// </summary>
    public DocumentAuthority(string text = "", int startVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(startVersion);
        _text = new Rope(text);
        StartVersion = startVersion;
    }

    /// <summary>
    /// From how many (pending × missed) pairs <see cref="Receive"/> rebases by regions
    /// (<see cref="RegionRebase"/>) rather than folding step by step; below it the fold is cheap.
    /// </summary>
    public const int RegionRebaseMinPairs = 4096;

    /// <summary>
    /// True: <see cref="Receive"/> always folds step by step (the reference rule), for benchmarks
    /// and tests that compare the two. Same results either way.
    /// </summary>
    public bool StepwiseOnly { get; set; }

    /// <summary>The oldest version whose following updates are held.</summary>
    public int StartVersion { get; private set; }

    /// <summary>The current version: the number of updates accepted since version 0.</summary>
    public int Version => StartVersion + _changes.Count;

    /// <summary>Current length of the text in UTF-16 code units.</summary>
    public int Length => _text.Length;

    /// <summary>The current text, materialised on demand (O(n)).</summary>
    public string Text => _text.ToString();

    /// <summary>The accepted updates held, oldest first (versions StartVersion + 1 onwards); a copy.</summary>
    /// <summary>The current text from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public string Slice(int from, int to) => _text.Substring(from, to - from);

    public IReadOnlyList<AcceptedUpdate> Updates => Pull(StartVersion);

    /// <summary>The anchors currently tracked.</summary>
    public IReadOnlyCollection<Anchor> Anchors => _anchors.Values;

    /// <summary>The updates accepted after <paramref name="version"/>, oldest first.</summary>
    /// <exception cref="VersionOutOfRangeException">The version is in the future or no longer held.</exception>
    public IReadOnlyList<AcceptedUpdate> Pull(int version) => Pull(version, int.MaxValue);

    /// <summary>At most <paramref name="maxCount"/> of the updates accepted after <paramref name="version"/>, oldest first.</summary>
    /// <exception cref="VersionOutOfRangeException">The version is in the future or no longer held.</exception>
    public IReadOnlyList<AcceptedUpdate> Pull(int version, int maxCount)
    {
        CheckVersion(version);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var result = new AcceptedUpdate[Math.Min(maxCount, Version - version)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = UpdateAt(version - StartVersion + i);
        }

        return result;
    }

    /// <summary>
    /// Accepts <paramref name="updates"/> a client made on top of <paramref name="baseVersion"/>:
    /// drops those already accepted from that client, rebases the rest over the updates the
    /// client had not seen, applies them, maps the anchors through them and appends them with
    /// <paramref name="author"/> and <paramref name="timestamp"/>. Either all are accepted or,
    /// on error, nothing changes.
    /// </summary>
    /// <exception cref="VersionOutOfRangeException">The base version is in the future or no longer held.</exception>
    /// <exception cref="ChangeSetException">An update does not fit the document it claims to start in.</exception>
    public PushResult Push(int baseVersion, IReadOnlyList<ClientUpdate> updates, string author, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(author);
        CheckVersion(baseVersion);
        CheckUpdates(updates);

        var rebased = baseVersion == Version
            ? updates
            : Collab.RebaseUpdates(updates, Pull(baseVersion));
        return Apply(rebased, author, timestamp);
    }

    /// <summary>
    /// The server's rule, in the shape of ot.js's <c>server.receiveOperation</c>: accepts
    /// <paramref name="updates"/> a client made on top of <paramref name="baseVersion"/> by
    /// rebasing them over each update it missed in turn (<see cref="StepwiseRebase"/>), checking
    /// the result whole against the current text, applying it and mapping the anchors. When a
    /// missed update carries the pusher's client id, the push repeats updates already accepted:
    /// nothing is applied and the result is <see cref="ReceiveResult.Behind"/> — the client
    /// receives up to <see cref="Version"/> (which confirms its copies) and pushes the rest.
    /// Either every update is accepted or, on error, nothing changes.
    /// </summary>
    /// <exception cref="VersionOutOfRangeException">The base version is in the future or no longer held.</exception>
    /// <exception cref="ChangeSetException">An update does not fit the document it claims to start in.</exception>
    public ReceiveResult Receive(int baseVersion, IReadOnlyList<ClientUpdate> updates, string author, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(author);
        CheckVersion(baseVersion);
        CheckUpdates(updates);
        var rebased = updates;
        if (baseVersion < Version && updates.Count > 0)
        {
            var clientId = updates[0].ClientId;
            var first = baseVersion - StartVersion;
            for (var index = first; index < _changes.Count; index++)
            {
                if (_clientIds[index] == clientId)
                {
                    return ReceiveResult.BehindAt(Version);
                }
            }

            // Long branches on both sides: the same result by regions (RegionRebase), instead of
            // n·m maps; it declines input outside its form, and the fold below takes it.
            var missedCount = _changes.Count - first;
            var fast = StepwiseOnly || (long)updates.Count * missedCount < RegionRebaseMinPairs
                ? null
                : RegionRebase.TryRebase(updates, _changes.GetRange(first, missedCount));
            if (fast is not null)
            {
                rebased = fast;
            }
            else
            {
                var step = new ICollabUpdate[1];
                for (var index = first; index < _changes.Count; index++)
                {
                    step[0] = new ClientUpdate(_changes[index], _clientIds[index]);
                    rebased = Collab.RebaseUpdates(rebased, step);
                }
            }
        }
        var result = Apply(rebased, author, timestamp);
        return new ReceiveResult(result.Accepted, result.DeletedAnchors, false, Version);
    }

    /// <summary>
    /// Appends updates another authority already accepted (a replica following the writer's
    /// copy), with their own client ids, authors and times. They must continue this version
    /// exactly and fit the text; either all are appended or nothing changes.
    /// </summary>
    /// <exception cref="ArgumentException">The versions do not continue this document.</exception>
    /// <exception cref="ChangeSetException">An update does not fit the text.</exception>
    public IReadOnlyList<DeletedAnchor> Append(IReadOnlyList<AcceptedUpdate> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        for (var i = 0; i < accepted.Count; i++)
        {
            if (accepted[i].Version != Version + 1 + i)
            {
                throw new ArgumentException($"Update {i} has version {accepted[i].Version}; expected {Version + 1 + i}.", nameof(accepted));
            }
        }
        CheckChain(accepted.Select(u => u.Changes));
        List<DeletedAnchor>? deleted = null;
        foreach (var update in accepted)
        {
            AppendOne(update.Changes, update.ClientId, update.Author, update.Timestamp, ref deleted);
        }
        return deleted is null ? [] : deleted;
    }

    /// <summary>An independent copy: the same text, held updates and anchors.</summary>
    public DocumentAuthority Clone()
    {
        var copy = new DocumentAuthority(Text, StartVersion) { StepwiseOnly = StepwiseOnly };
        copy._changes.AddRange(_changes);
        copy._clientIds.AddRange(_clientIds);
        copy._authors.AddRange(_authors);
        copy._timestamps.AddRange(_timestamps);
        foreach (var (id, anchor) in _anchors)
        {
            copy._anchors[id] = anchor;
        }
        return copy;
    }

    private static void CheckUpdates(IReadOnlyList<ClientUpdate> updates)
    {
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i] ?? throw new ArgumentException($"Update {i} is null.", nameof(updates));
            if (update.Changes is null || update.ClientId is null)
            {
                throw new ArgumentException($"Update {i} has no changes or no client id.", nameof(updates));
            }
        }
    }

    // Validates the whole chain before touching the text, so a bad push changes nothing.
    private void CheckChain(IEnumerable<ChangeDesc> chain)
    {
        var length = _text.Length;
        var i = 0;
        foreach (var changes in chain)
        {
            if (changes.Length != length)
            {
                throw new ChangeSetException($"Update {i} expects a document of length {changes.Length}, but it is {length} there.");
            }
            length = changes.NewLength;
            i++;
        }
    }

    private PushResult Apply(IReadOnlyList<ClientUpdate> rebased, string author, DateTimeOffset timestamp)
    {
        CheckChain(rebased.Select(u => (ChangeDesc)u.Changes));
        if (rebased.Count == 0)
        {
            return new PushResult([], []);
        }

        var accepted = new AcceptedUpdate[rebased.Count];
        List<DeletedAnchor>? deleted = null;
        for (var i = 0; i < rebased.Count; i++)
        {
            accepted[i] = AppendOne(rebased[i].Changes, rebased[i].ClientId, author, timestamp, ref deleted);
        }

        return new PushResult(accepted, deleted is null ? [] : deleted);
    }

    private AcceptedUpdate AppendOne(ChangeSet changes, string clientId, string author, DateTimeOffset timestamp, ref List<DeletedAnchor>? deleted)
    {
        changes.ApplyTo(_text);
        var entry = new AcceptedUpdate(Version + 1, changes, clientId, author, timestamp);
        _changes.Add(changes);
        _clientIds.Add(clientId);
        _authors.Add(author);
        _timestamps.Add(timestamp);
        if (_anchors.Count > 0)
        {
            MapAnchors(entry, ref deleted);
        }
        return entry;
    }

    /// <summary>
    /// Drops the held updates up to <paramref name="version"/> (they live on in the caller's op
    /// log); afterwards clients older than that version get a <see cref="VersionOutOfRangeException"/>
    /// and must reload from a snapshot.
    /// </summary>
    /// <exception cref="VersionOutOfRangeException">The version is in the future or already dropped.</exception>
    public void TrimHistory(int version)
    {
        CheckVersion(version);
        var count = version - StartVersion;
        _changes.RemoveRange(0, count);
        _clientIds.RemoveRange(0, count);
        _authors.RemoveRange(0, count);
        _timestamps.RemoveRange(0, count);
        StartVersion = version;
    }

    /// <summary>Starts (or replaces) tracking of <paramref name="anchor"/>, given in current positions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the current text.</exception>
    public void TrackAnchor(Anchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (anchor.From < 0 || anchor.To < anchor.From || anchor.To > _text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(anchor), $"Anchor {anchor.Id} range {anchor.From}..{anchor.To} is outside a text of length {_text.Length}.");
        }

        _anchors[anchor.Id] = anchor;
    }

    /// <summary>Stops tracking the anchor <paramref name="id"/>; returns false if it was not tracked.</summary>
    public bool UntrackAnchor(string id) => _anchors.Remove(id);

    /// <summary>The anchor <paramref name="id"/> in current positions, or null when not tracked.</summary>
    public Anchor? FindAnchor(string id) => _anchors.GetValueOrDefault(id);

    private void MapAnchors(AcceptedUpdate update, ref List<DeletedAnchor>? deleted)
    {
        var changes = update.Changes;
        List<Anchor>? moved = null;
        List<string>? gone = null;
        foreach (var anchor in _anchors.Values)
        {
            // A range is gone when none of its characters survive; a point when a deletion
            // spans across it (TrackDel), since it has no text of its own.
            var isDeleted = anchor.From == anchor.To
                ? changes.MapPos(anchor.From, anchor.Assoc, MapMode.TrackDel) is null
                : changes.DeletesRange(anchor.From, anchor.To);
            if (isDeleted)
            {
                (deleted ??= []).Add(new DeletedAnchor(anchor, update.Version));
                (gone ??= []).Add(anchor.Id);
                continue;
            }

            // A range keeps exactly its characters: text typed at either edge stays outside it
            // (like an inclusive=false mark in CodeMirror). A point follows its Assoc.
            var (from, to) = anchor.From == anchor.To
                ? (changes.MapPosition(anchor.From, anchor.Assoc), changes.MapPosition(anchor.From, anchor.Assoc))
                : (changes.MapPosition(anchor.From, 1), changes.MapPosition(anchor.To, -1));
            if (from != anchor.From || to != anchor.To)
            {
                (moved ??= []).Add(anchor with { From = from, To = to });
            }
        }

        // A dictionary cannot change while it is enumerated; apply the results afterwards.
        foreach (var id in CollectionsMarshal.AsSpan(gone))
        {
            _anchors.Remove(id);
        }

        foreach (var anchor in CollectionsMarshal.AsSpan(moved))
        {
            _anchors[anchor.Id] = anchor;
        }
    }

    private AcceptedUpdate UpdateAt(int index) =>
        new(StartVersion + index + 1, _changes[index], _clientIds[index], _authors[index], _timestamps[index]);

    private void CheckVersion(int version)
    {
        if (version < StartVersion || version > Version)
        {
            throw new VersionOutOfRangeException(version, StartVersion, Version);
        }
    }
}
