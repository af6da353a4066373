namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Accumulates sections (and, for change sets, inserted texts) the way CodeMirror's
/// <c>addSection</c> and <c>addInsert</c> do, so that adjacent sections join exactly as they do
/// in JavaScript — the JSON of a mapped or composed set depends on it.
/// </summary>
internal sealed class SectionBuilder
{
    private int[] _sections = new int[8];
    private int _count;
    private readonly List<string>? _inserted;

    public SectionBuilder(bool withText)
    {
        _inserted = withText ? new List<string>() : null;
    }

    public bool WithText => _inserted is not null;

    public int Count => _count;

    public void AddSection(int len, int ins, bool forceJoin = false)
    {
        if (len == 0 && ins <= 0)
        {
            return;
        }

        var last = _count - 2;
        if (last >= 0 && ins <= 0 && ins == _sections[last + 1])
        {
            _sections[last] += len;
        }
        else if (last >= 0 && len == 0 && _sections[last] == 0)
        {
            _sections[last + 1] += ins;
        }
        else if (forceJoin && last >= 0)
        {
            _sections[last] += len;
            _sections[last + 1] += ins;
        }
        else
        {
            if (_count + 2 > _sections.Length)
            {
                Array.Resize(ref _sections, _sections.Length * 2);
            }

            _sections[_count++] = len;
            _sections[_count++] = ins;
        }
    }

    public void AddInsert(string value)
    {
        if (_inserted is null || value.Length == 0)
        {
            return;
        }

        var index = (_count - 2) >> 1;
        if (index < _inserted.Count)
        {
            _inserted[^1] = string.Concat(_inserted[^1], value);
        }
        else
        {
            while (_inserted.Count < index)
            {
                _inserted.Add(string.Empty);
            }

            _inserted.Add(value);
        }
    }

    public ChangeDesc ToDesc() => new(_sections.AsSpan(0, _count).ToArray());

    public ChangeSet ToSet()
    {
        var sections = _sections.AsSpan(0, _count).ToArray();
        var inserted = new string[sections.Length >> 1];
        var texts = _inserted!;
        for (var i = 0; i < inserted.Length; i++)
        {
            inserted[i] = i < texts.Count ? texts[i] : string.Empty;
        }

        return new ChangeSet(sections, inserted);
    }

    public ChangeDesc Build() => WithText ? ToSet() : ToDesc();
}
