namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Cursor over the (length, insert) pairs of a change set, ported from CodeMirror's
/// <c>SectionIter</c>. A mutable struct on purpose: map and compose walk two of them in
/// lock-step on every keystroke and must not allocate for it.
/// </summary>
internal struct SectionIter
{
    private readonly int[] _sections;
    private readonly string[]? _inserted;

    public SectionIter(ChangeDesc set)
    {
        _sections = set.Sections;
        _inserted = (set as ChangeSet)?.Inserted;
        I = 0;
        Len = 0;
        Ins = 0;
        Off = 0;
        Next();
    }

    /// <summary>Index just past the current pair (CodeMirror's <c>i</c>).</summary>
    public int I;

    /// <summary>Remaining length of the current section in the old document.</summary>
    public int Len;

    /// <summary>-1 for a kept section, -2 when done, otherwise remaining inserted length.</summary>
    public int Ins;

    /// <summary>How far into the current section the cursor has moved.</summary>
    public int Off;

    public readonly bool Done => Ins == -2;

    public readonly int Len2 => Ins < 0 ? Len : Ins;

    public readonly string Text
    {
        get
        {
            var index = (I - 2) >> 1;
            return _inserted is null || index >= _inserted.Length ? string.Empty : _inserted[index];
        }
    }

    public void Next()
    {
        if (I < _sections.Length)
        {
            Len = _sections[I++];
            Ins = _sections[I++];
        }
        else
        {
            Len = 0;
            Ins = -2;
        }

        Off = 0;
    }

    public readonly string TextBit(int len)
    {
        var index = (I - 2) >> 1;
        if ((_inserted is null || index >= _inserted.Length) && len == 0)
        {
            return string.Empty;
        }

        return _inserted![index].Substring(Off, len);
    }

    public void Forward(int len)
    {
        if (len == Len)
        {
            Next();
        }
        else
        {
            Len -= len;
            Off += len;
        }
    }

    public void Forward2(int len)
    {
        if (Ins == -1)
        {
            Forward(len);
        }
        else if (len == Ins)
        {
            Next();
        }
        else
        {
            Ins -= len;
            Off += len;
        }
    }
}
