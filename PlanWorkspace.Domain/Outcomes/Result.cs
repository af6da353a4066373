namespace PlanWorkspace.Domain.Outcomes;

/// <summary>The outcome of a request that returns nothing: done, or a <see cref="Outcomes.Refusal"/> (and then nothing was changed).</summary>
public readonly record struct Result(Refusal? Refusal)
{
    public static Result Ok => default;

    public bool Succeeded => Refusal is null;

    public static implicit operator Result(Refusal refusal) => new(refusal);
}

/// <summary>The outcome of a request: its value, or a <see cref="Outcomes.Refusal"/> (and then nothing was changed).</summary>
public readonly record struct Result<T>(T? Value, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Refusal refusal) => new(default, refusal);

    /// <summary>The refusal without the value's type, for a caller that returns a <see cref="Result"/>.</summary>
    public Result WithoutValue() => new(Refusal);
}
