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

/// <summary>Why a person is told: a sign-off step, or something a colleague did that concerns them.</summary>
public enum NotificationTopic
{
    /// <summary>A sign-off step (<see cref="Notification.Kind"/> says which).</summary>
    SignOff,
    /// <summary>They were @mentioned in a comment.</summary>
    Mention,
    /// <summary>Someone replied in a thread they started or wrote in (or on their suggestion).</summary>
    Reply,
    SuggestionAccepted,
    SuggestionRejected,
}

/// <summary>
/// Something addressed to one person about a section: a sign-off step (submitted to them,
/// reopened, sent back) or a colleague's mention, reply or decision, with the item it is about.
/// </summary>
public sealed class Notification
{
    public const int MaxMarkId = 16;

    private Notification()
    {
    }

    /// <summary>A sign-off step.</summary>
    public Notification(int personId, int sectionId, SectionEventKind kind, DateTimeOffset at)
    {
        PersonId = personId;
        SectionId = sectionId;
        Kind = kind;
        Topic = NotificationTopic.SignOff;
        At = at;
    }

    /// <summary>A colleague (<paramref name="actorId"/>) did something about the review item <paramref name="markId"/> (e.g. "t5", "s12").</summary>
    public Notification(int personId, int sectionId, NotificationTopic topic, int actorId, string markId, DateTimeOffset at)
    {
        if (topic == NotificationTopic.SignOff)
        {
            throw new ArgumentException("A sign-off notification names its step.", nameof(topic));
        }
        ArgumentException.ThrowIfNullOrEmpty(markId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(markId.Length, MaxMarkId, nameof(markId));
        PersonId = personId;
        SectionId = sectionId;
        Topic = topic;
        ActorId = actorId;
        MarkId = markId;
        At = at;
    }

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public int SectionId { get; private set; }
    public NotificationTopic Topic { get; private set; }
    /// <summary>The sign-off step, for <see cref="NotificationTopic.SignOff"/> only.</summary>
    public SectionEventKind? Kind { get; private set; }
    /// <summary>Who did it (people topics).</summary>
    public int? ActorId { get; private set; }
    /// <summary>The suggestion or thread it is about ("s12", "t5"), to open the passage.</summary>
    public string? MarkId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
