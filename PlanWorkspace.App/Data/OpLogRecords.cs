namespace PlanWorkspace.App.Data;

/// <summary>
/// One accepted update of a section, as stored. The key (SectionId, Version) makes the database
/// the sequencer: two writers can never both store version n.
/// </summary>
public sealed class SectionOp
{
    public int SectionId { get; set; }
    public int Version { get; set; }
    /// <summary>The editor instance that made it (collab's clientID), for deduplicating re-sent updates.</summary>
    public string ClientId { get; set; } = string.Empty;
    /// <summary>The person who made it (Person.Id).</summary>
    public int AuthorId { get; set; }
    /// <summary>Unix time in milliseconds when the server accepted it.</summary>
    public long Timestamp { get; set; }
    /// <summary>The change set in @codemirror/state's JSON form.</summary>
    public string Changes { get; set; } = string.Empty;
}

/// <summary>The full text of a section at a version, written every N versions so that any version is cheap to rebuild.</summary>
public sealed class SectionSnapshot
{
    public int SectionId { get; set; }
    public int Version { get; set; }
    public string Text { get; set; } = string.Empty;
    public long CreatedAt { get; set; }
}
