using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Collaboration;

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
    /// offline for a while can still have its edits rebased.
    /// </summary>
    public int RetainedVersions { get; set; } = 2000;

    /// <summary>
    /// How long the writer waits for more pushes before a commit when few are queued: fewer,
    /// larger commits and broadcasts under load, for a few milliseconds of latency.
    /// </summary>
    public TimeSpan CommitLinger { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>A session nobody uses is unloaded after this long.</summary>
    public TimeSpan IdleEviction { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>A request the session refuses: the message is for the user; nothing was changed.</summary>
public sealed class CollaborationException(string message) : Exception(message);
