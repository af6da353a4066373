namespace PlanWorkspace.App.Data;

/// <summary>
/// How far a section's history has been indexed (checkpoints) and compacted (ops packed into
/// blocks). Versions up to <see cref="CompactedThrough"/> live in blocks, later ones in SectionOps;
/// a trigger refuses an op-log insert at or below it, so the op log's key keeps refusing a version
/// taken twice after the row is gone.
/// </summary>
public sealed class SectionHistoryState
{
    public int SectionId { get; set; }
    /// <summary>The last version packed into a block (0: none).</summary>
    public int CompactedThrough { get; set; }
    /// <summary>The last version folded into the checkpoints (0: none).</summary>
    public int IndexedThrough { get; set; }
}

/// <summary>Consecutive ops <c>FirstVersion..LastVersion</c> of a section, encoded by <see cref="Domain.History.HistoryCodec.EncodeBlock"/>.</summary>
public sealed class SectionHistoryBlock
{
    public int SectionId { get; set; }
    public int FirstVersion { get; set; }
    public int LastVersion { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>The text and authorship of a section at a version, encoded by <see cref="Domain.History.HistoryCodec.EncodeKeyframe"/>.</summary>
public sealed class SectionKeyframe
{
    public int SectionId { get; set; }
    public int Version { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>A persisted automatic checkpoint (see <see cref="Domain.History.Checkpoint"/>); the last one grows while its burst goes on.</summary>
public sealed class SectionCheckpoint
{
    public int SectionId { get; set; }
    public int FromVersion { get; set; }
    public int ToVersion { get; set; }
    public long StartedAt { get; set; }
    public long EndedAt { get; set; }
    /// <summary>Person ids, comma-separated, in order of their first edit in the burst.</summary>
    public string AuthorIds { get; set; } = string.Empty;
    public int Added { get; set; }
    public int Removed { get; set; }
}
