using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Domain.History;

/// <summary>One replaced range of an op: <c>From..To</c> in the document before the op, replaced by <see cref="Insert"/>.</summary>
public readonly record struct OpChange(int From, int To, string Insert);

/// <summary>
/// One accepted update as the history reads it: who, when, and its changes as plain ranges (no
/// document length, so ops can be stored column-wise and applied to a rope without JSON).
/// </summary>
/// <param name="Version">The version this op produced.</param>
/// <param name="AuthorId">The person credited with it (Person.Id; 0 for the text a section started with).</param>
/// <param name="Timestamp">Unix time in milliseconds when the server accepted it.</param>
/// <param name="ClientId">The editor instance that made it.</param>
/// <param name="Changes">Non-overlapping ranges in ascending order, in the document before the op.</param>
public sealed record HistoryOp(int Version, int AuthorId, long Timestamp, string ClientId, IReadOnlyList<OpChange> Changes)
{
    /// <summary>The op for a change set (as stored in the op log's JSON).</summary>
    public static HistoryOp From(int version, int authorId, long timestamp, string clientId, ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var list = new List<OpChange>(1);
        changes.IterChanges((fromA, toA, _, _, text) => list.Add(new OpChange(fromA, toA, text)));
        return new HistoryOp(version, authorId, timestamp, clientId, list);
    }

    /// <summary>UTF-16 code units inserted.</summary>
    public int Added
    {
        get
        {
            var sum = 0;
            foreach (var change in Changes)
            {
                sum += change.Insert.Length;
            }
            return sum;
        }
    }

    /// <summary>UTF-16 code units deleted.</summary>
    public int Removed
    {
        get
        {
            var sum = 0;
            foreach (var change in Changes)
            {
                sum += change.To - change.From;
            }
            return sum;
        }
    }

    /// <summary>Applies the op to <paramref name="rope"/>, which must hold the document before it.</summary>
    /// <exception cref="ChangeSetException">A range lies outside the document.</exception>
    public void ApplyTo(Rope rope)
    {
        ArgumentNullException.ThrowIfNull(rope);
        var shift = 0;
        foreach (var change in Changes)
        {
            var from = change.From + shift;
            var length = change.To - change.From;
            if (from < 0 || from + length > rope.Length)
            {
                throw new ChangeSetException($"Version {Version}: the range {change.From}..{change.To} is outside the document.");
            }
            rope.Replace(from, length, change.Insert);
            shift += change.Insert.Length - length;
        }
    }

    /// <summary>The op as a change set on a document of <paramref name="length"/>.</summary>
    public ChangeSet ToChangeSet(int length)
    {
        var specs = new ChangeSpec[Changes.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            specs[i] = new ChangeSpec(Changes[i].From, Changes[i].To, Changes[i].Insert);
        }
        return ChangeSet.Of(length, specs);
    }
}
