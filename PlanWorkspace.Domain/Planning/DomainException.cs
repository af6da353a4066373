namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// A request that breaks a domain rule (a forbidden status transition, an empty title).
/// The message is meant for the user; nothing was changed when it is thrown.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
