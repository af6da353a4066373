namespace PlanWorkspace.Domain.Review;

/// <summary>A step of a section's sign-off.</summary>
public enum SectionEventKind
{
    Submitted,
    ChangesRequested,
    Approved,
    /// <summary>An edit after approval returned the section to drafting.</summary>
    Reopened,
}

/// <summary>One step of a section's sign-off, kept as its record: who, when, at which version, why.</summary>
public sealed class SectionEvent
{
    private SectionEvent()
    {
    }

    public SectionEvent(int sectionId, SectionEventKind kind, int? actorId, int version, string? note, DateTimeOffset at)
    {
        SectionId = sectionId;
        Kind = kind;
        ActorId = actorId;
        Version = version;
        Note = note;
        At = at;
    }

    public int Id { get; private set; }
    public int SectionId { get; private set; }
    public SectionEventKind Kind { get; private set; }
    /// <summary>Who did it (none for a reopening, which an edit causes).</summary>
    public int? ActorId { get; private set; }
    public int Version { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }
}

/// <summary>Something a person should know about a section (it was submitted to them, reopened, sent back).</summary>
public sealed class Notification
{
    private Notification()
    {
    }

    public Notification(int personId, int sectionId, SectionEventKind kind, DateTimeOffset at)
    {
        PersonId = personId;
        SectionId = sectionId;
        Kind = kind;
        At = at;
    }

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public int SectionId { get; private set; }
    public SectionEventKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
