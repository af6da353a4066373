using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Drafting;

/// <summary>Limits and intervals of live co-editing (configuration section "Collaboration").</summary>
public sealed class CollaborationOptions
{
    /// <summary>A snapshot of the full text is stored every this many versions.</summary>
    public int SnapshotInterval { get; set; } = 100;

    /// <summary>The largest push accepted, in bytes of change-set JSON.</summary>
    public int MaxPushBytes { get; set; } = 256 * 1024;

    /// <summary>The longest a section may grow, in UTF-16 code units.</summary>
    public int MaxSectionLength { get; set; } = Section.MaxMarkdownLength;

    /// <summary>
    /// How many versions of history a loaded session keeps in memory, so that a client that was
    /// offline for a while can still have its edits rebased: an hour of a busy section (several
    /// people typing) is well under 25,000 versions, and the domain's region rebase merges such
    /// long branches in a fraction of a second (docs/text-engine.md).
    /// </summary>
    public int RetainedVersions { get; set; } = 25_000;

    /// <summary>
    /// How long the writer waits for more pushes before a commit when few are queued. Zero by
    /// default: the commit pipeline groups what arrives while the previous commit is written
    /// (ADR-004), so waiting on purpose only adds latency.
    /// </summary>
    public TimeSpan CommitLinger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The most pushes and review actions a section queues; past it a push is refused as
    /// <c>busy</c> (transient) and the editor sends it again, with everything typed meanwhile, after a pause.
    /// </summary>
    public int MaxQueuedWork { get; set; } = 1024;

    /// <summary>A session nobody uses is unloaded after this long.</summary>
    public TimeSpan IdleEviction { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most updates one <c>Pull</c> returns; a client further behind pulls again.</summary>
    public int MaxPullUpdates { get; set; } = 500;

    /// <summary>
    /// How far behind the current version a cursor may be reported: mapping an older one would
    /// walk that much history under the session's lock for a hint that is out of date anyway.
    /// </summary>
    public int MaxPresenceLag { get; set; } = 200;

    /// <summary>Per-connection and per-person call rates of the drafting hub (see <see cref="HubRateLimits"/>).</summary>
    public HubRateLimits RateLimits { get; set; } = new();
}

/// <summary>
/// Token buckets for the drafting hub's verbs: a burst, then a steady rate per second. The
/// editor pushes at most one batch per round trip and reports its cursor every 120 ms, so the
/// defaults leave a fast typist far below them.
/// </summary>
public sealed class HubRateLimits
{
    public int PushBurst { get; set; } = 120;
    public int PushPerSecond { get; set; } = 60;
    public int PullBurst { get; set; } = 30;
    public int PullPerSecond { get; set; } = 10;
    public int PresenceBurst { get; set; } = 30;
    public int PresencePerSecond { get; set; } = 15;
    public int JoinBurst { get; set; } = 20;
    public int JoinPerSecond { get; set; } = 2;

    /// <summary>All of one person's connections together may call this many times the per-connection rates.</summary>
    public int PersonMultiplier { get; set; } = 4;
}

/// <summary>
/// A request the session or hub did not carry out. <see cref="Code"/> says why, for the editor to
/// show in the user's language; the message is the English detail for logs and tests. Four codes
/// are transient — <c>save-failed</c>, <c>closing</c>, <c>busy</c> and the hub filter's <c>rate-limited</c>:
/// nothing changed and the same request may be sent again (the editor's <c>transientCodes</c>);
/// any other code refuses this input.
/// </summary>
public sealed class CollaborationException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static CollaborationException SaveFailed() =>
        new("save-failed", "The server could not save the edit; it will be sent again.");

    public static CollaborationException Closing() =>
        new("closing", "The section is being closed; try again.");

    public static CollaborationException Busy() =>
        new("busy", "The section has more edits queued than it takes at once; they will be sent again shortly.");

    /// <summary>
    /// Every code the hub may send, with the resource key of what the editor shows for it: the
    /// English detail after the code is for logs and tools, never for the page. The transient
    /// codes (save-failed, closing, busy, rate-limited) are retried and show "retrying".
    /// </summary>
    public static IReadOnlyDictionary<string, string> ResourceKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["forbidden-read"] = "Editor.Error.ForbiddenRead",
        ["forbidden-edit"] = "Editor.Error.ForbiddenEdit",
        ["not-joined"] = "Editor.Error.NotJoined",
        ["no-section"] = "Editor.Error.NoSection",
        ["malformed"] = "Editor.Error.Malformed",
        ["bad-client-id"] = "Editor.Error.BadClientId",
        ["too-large"] = "Editor.Error.TooLarge",
        ["section-full"] = "Editor.Error.SectionFull",
        ["version-unavailable"] = "Editor.Error.VersionUnavailable",
        ["stale-presence"] = "Editor.Error.VersionUnavailable",
        ["signed-out"] = "Editor.Error.SignedOut",
        ["not-tracked"] = "Editor.Refused",
        ["save-failed"] = "Editor.Retrying",
        ["closing"] = "Editor.Retrying",
        ["busy"] = "Editor.Retrying",
        ["rate-limited"] = "Editor.Retrying",
    };
}
