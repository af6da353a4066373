using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// A request that breaks a rule (a forbidden status transition, an empty title). <see cref="Refusal"/>
/// says why in a code the UI localises (ADR-022); the message is that code and its arguments, for logs.
/// Nothing was changed when it is thrown.
/// </summary>
public class DomainException(Refusal refusal) : Exception(refusal.ToString())
{
    public Refusal Refusal { get; } = refusal;

    public string Code => Refusal.Code;
}
