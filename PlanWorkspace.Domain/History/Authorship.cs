namespace PlanWorkspace.Domain.History;

/// <summary>A range of text written by one person: <c>From..To</c> in UTF-16 code units.</summary>
public readonly record struct AuthorshipSpan(int From, int To, int PersonId);

/// <summary>
/// Who wrote each character of a document, as runs of (length, person), kept up to date op by op.
/// An insertion is credited to the op's author; a deletion removes the credit with the text. Runs
/// of the same person merge, so a document typed by a few people holds few runs. Edits are
/// usually near the previous one, so the position lookup starts from the last edit.
/// </summary>
public sealed class AuthorshipMap
{
    private readonly List<(int Length, int PersonId)> _runs = [];
    private int _cacheIndex;
    private int _cacheStart;

    /// <summary>A document of <paramref name="length"/> units, all credited to <paramref name="personId"/>.</summary>
    public AuthorshipMap(int length, int personId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > 0)
        {
            _runs.Add((length, personId));
        }
        Length = length;
    }

    /// <summary>A document made of <paramref name="runs"/>, in order.</summary>
    public AuthorshipMap(IEnumerable<(int Length, int PersonId)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        foreach (var (length, personId) in runs)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
            Append(length, personId);
        }
    }

    /// <summary>The document length in UTF-16 code units.</summary>
    public int Length { get; private set; }

    /// <summary>The runs, in document order, adjacent runs always of different people.</summary>
    public IReadOnlyList<(int Length, int PersonId)> Runs => _runs;

    /// <summary>Applies <paramref name="op"/>, crediting its insertions to its author.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A range lies outside the document.</exception>
    public void Apply(HistoryOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var shift = 0;
        foreach (var change in op.Changes)
        {
            Replace(change.From + shift, change.To - change.From, change.Insert.Length, op.AuthorId);
            shift += change.Insert.Length - (change.To - change.From);
        }
    }

    /// <summary>Replaces <paramref name="deleteLength"/> units at <paramref name="from"/> by <paramref name="insertLength"/> units of <paramref name="personId"/>.</summary>
    public void Replace(int from, int deleteLength, int insertLength, int personId)
    {
        if (from < 0 || deleteLength < 0 || insertLength < 0 || from + deleteLength > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"The range {from}+{deleteLength} is outside the document of length {Length}.");
        }
        var i = SplitAt(from);
        for (var remaining = deleteLength; remaining > 0;)
        {
            var run = _runs[i];
            if (run.Length <= remaining)
            {
                _runs.RemoveAt(i);
                remaining -= run.Length;
            }
            else
            {
                _runs[i] = (run.Length - remaining, run.PersonId);
                remaining = 0;
            }
        }
        if (insertLength > 0)
        {
            _runs.Insert(i, (insertLength, personId));
        }
        Length += insertLength - deleteLength;

        var start = from;
        if (i + 1 < _runs.Count && _runs[i].PersonId == _runs[i + 1].PersonId)
        {
            _runs[i] = (_runs[i].Length + _runs[i + 1].Length, _runs[i].PersonId);
            _runs.RemoveAt(i + 1);
        }
        if (i > 0 && i < _runs.Count && _runs[i - 1].PersonId == _runs[i].PersonId)
        {
            start -= _runs[i - 1].Length;
            _runs[i - 1] = (_runs[i - 1].Length + _runs[i].Length, _runs[i].PersonId);
            _runs.RemoveAt(i);
            i--;
        }
        (_cacheIndex, _cacheStart) = (i, start);
    }

    /// <summary>The spans in document order.</summary>
    public IReadOnlyList<AuthorshipSpan> Spans()
    {
        var spans = new List<AuthorshipSpan>(_runs.Count);
        var at = 0;
        foreach (var (length, personId) in _runs)
        {
            spans.Add(new AuthorshipSpan(at, at + length, personId));
            at += length;
        }
        return spans;
    }

    /// <summary>A copy that can be changed independently.</summary>
    public AuthorshipMap Clone() => new(_runs);

    private void Append(int length, int personId)
    {
        if (_runs.Count > 0 && _runs[^1].PersonId == personId)
        {
            _runs[^1] = (_runs[^1].Length + length, personId);
        }
        else
        {
            _runs.Add((length, personId));
        }
        Length += length;
    }

    // The index of the run that starts at pos, splitting the run around it if needed.
    private int SplitAt(int pos)
    {
        var (i, start) = (_cacheIndex, _cacheStart);
        if (i > _runs.Count || start > Length)
        {
            (i, start) = (0, 0);
        }
        if (pos >= start)
        {
            while (i < _runs.Count && start + _runs[i].Length <= pos)
            {
                start += _runs[i].Length;
                i++;
            }
        }
        else
        {
            while (start > pos)
            {
                i--;
                start -= _runs[i].Length;
            }
        }
        if (i < _runs.Count && start < pos)
        {
            var run = _runs[i];
            _runs[i] = (pos - start, run.PersonId);
            _runs.Insert(i + 1, (run.Length - (pos - start), run.PersonId));
            i++;
        }
        (_cacheIndex, _cacheStart) = (i, pos);
        return i;
    }
}
