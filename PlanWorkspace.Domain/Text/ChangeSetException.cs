namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Thrown when a change set, change description or position does not fit the document it is
/// used with (length mismatch, negative length, position out of range) or when its JSON form is
/// malformed. The engine never repairs such input: the caller sent something wrong.
/// </summary>
public sealed class ChangeSetException : ArgumentException
{
    /// <summary>Creates the exception with a message that names what did not fit.</summary>
    public ChangeSetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public ChangeSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
