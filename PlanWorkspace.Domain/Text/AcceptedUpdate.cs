namespace PlanWorkspace.Domain.Text;

/// <summary>An update the authority accepted, in its final (rebased) form.</summary>
/// <param name="Version">The document version this update produced; the first update after an empty history is version StartVersion + 1.</param>
/// <param name="Changes">The changes, starting in the document of <c>Version - 1</c>.</param>
/// <param name="ClientId">The editor instance that made it.</param>
/// <param name="Author">The person behind that editor.</param>
/// <param name="Timestamp">When the authority accepted it.</param>
public sealed record AcceptedUpdate(int Version, ChangeSet Changes, string ClientId, string Author, DateTimeOffset Timestamp) : ICollabUpdate;

/// <summary>What a push did.</summary>
/// <param name="Accepted">The updates appended to the history, in order, with their versions; re-sent duplicates are not in it.</param>
/// <param name="DeletedAnchors">Anchors whose text these updates deleted; they are no longer tracked.</param>
public sealed record PushResult(IReadOnlyList<AcceptedUpdate> Accepted, IReadOnlyList<DeletedAnchor> DeletedAnchors);

/// <summary>What <see cref="DocumentAuthority.Receive"/> did: accepted the updates, or found the push behind.</summary>
/// <param name="Accepted">The updates appended, in order, with their versions; empty when behind.</param>
/// <param name="DeletedAnchors">Anchors whose text these updates deleted; they are no longer tracked.</param>
/// <param name="Behind">True when the push repeats updates already accepted: nothing was applied.</param>
/// <param name="Version">The authority's version afterwards.</param>
public sealed record ReceiveResult(IReadOnlyList<AcceptedUpdate> Accepted, IReadOnlyList<DeletedAnchor> DeletedAnchors, bool Behind, int Version)
{
    /// <summary>Nothing applied: the client must first receive up to <paramref name="version"/>.</summary>
    public static ReceiveResult BehindAt(int version) => new([], [], true, version);
}

/// <summary>
/// A version the authority cannot serve: newer than its current version, or older than the
/// oldest version whose following updates it still holds.
/// </summary>
public sealed class VersionOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for <paramref name="requested"/> against the held range.</summary>
    public VersionOutOfRangeException(int requested, int oldest, int current)
        : base(
            "version",
            requested > current
                ? $"Version {requested} is in the future: the document is at version {current}."
                : $"Version {requested} is older than version {oldest}, the oldest one whose updates are still held.")
    {
        Requested = requested;
        Oldest = oldest;
        Current = current;
    }

    /// <summary>The version that was asked for.</summary>
    public int Requested { get; }

    /// <summary>The oldest version the authority can serve.</summary>
    public int Oldest { get; }

    /// <summary>The authority's current version.</summary>
    public int Current { get; }

    /// <summary>True when the requested version is newer than the current one.</summary>
    public bool IsInFuture => Requested > Current;
}
