namespace PlanWorkspace.Domain.Planning;

/// <summary>The two kinds of drafting body of the committee.</summary>
public enum BodyKind
{
    /// <summary>분과 — a standing subcommittee.</summary>
    Subcommittee,
    /// <summary>TF — a task force.</summary>
    TaskForce,
}

/// <summary>What a person does in the committee. A membership pairs a role with a body (none for the vice-chair).</summary>
public enum Role
{
    ViceChair,
    Chair,
    TaskForceLead,
    Secretariat,
    Advisor,
}

/// <summary>Review status of a section; transitions are guarded by <see cref="Section"/>.</summary>
public enum SectionStatus
{
    Drafting,
    Submitted,
    ChangesRequested,
    Approved,
}

/// <summary>Whether a target is met by going up (a share, a count) or down (a rank, a cost).</summary>
public enum TargetDirection
{
    Increase,
    Decrease,
}

/// <summary>Computed progress of a target against a straight line from baseline to target.</summary>
public enum TargetStatus
{
    OnTrack,
    AtRisk,
    Achieved,
    /// <summary>Nothing measured yet: neither on track nor at risk, but unknown (자료 없음).</summary>
    NoData,
}
