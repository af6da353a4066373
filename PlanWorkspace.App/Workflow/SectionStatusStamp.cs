namespace PlanWorkspace.App.Workflow;

/// <summary>
/// Bumped by every sign-off step, inside its write transaction before it commits and again after:
/// a commit that finds the stamp where it was may trust what it last read of a section's status
/// (<see cref="ReopenOnEdit"/>). On SQLite the two write transactions exclude each other, so a
/// commit after an approval always sees that approval's bump.
/// </summary>
public sealed class SectionStatusStamp
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
