using System.Globalization;

namespace PlanWorkspace.Domain.Outcomes;

/// <summary>
/// Why a request was not carried out, in words for nobody yet: <see cref="Code"/> is the resource key
/// of the message the user reads, <see cref="Arguments"/> fill its <c>{0}</c>, <c>{1}</c>… placeholders
/// in the reader's culture. A <see cref="Term"/> argument is itself a resource key (a field's name),
/// looked up before it is placed. Every code is declared once, in <see cref="Refusals"/> (ADR-022).
/// </summary>
public sealed record Refusal
{
    public Refusal(string code, params object[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Arguments = arguments ?? [];
    }

    public string Code { get; }

    public IReadOnlyList<object> Arguments { get; }

    /// <summary>The same refusal with these arguments for its placeholders.</summary>
    public Refusal With(params object[] arguments) => new(Code, arguments);

    /// <summary>Two refusals are equal when their codes and arguments are.</summary>
    public bool Equals(Refusal? other) =>
        other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal) && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>The code and arguments, culture-invariant: for logs and exception messages, never for a page.</summary>
    public override string ToString() => Arguments.Count == 0
        ? Code
        : $"{Code}({string.Join(", ", Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)))})";
}

/// <summary>A refusal's argument that is a resource key too (e.g. the name of the field that was empty).</summary>
public readonly record struct Term(string Key)
{
    public override string ToString() => Key;
}
