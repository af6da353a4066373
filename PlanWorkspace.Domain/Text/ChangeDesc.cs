using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The shape of a change without its inserted text: a port of CodeMirror's <c>ChangeDesc</c>
/// (<c>@codemirror/state</c>, src/change.ts) with the same semantics and JSON form. Immutable.
/// </summary>
/// <remarks>
/// Sections are pairs of integers. The first is a length in the old document; the second is -1
/// for a kept (unchanged) section, otherwise the length of the text that replaces it. An
/// insertion is (0, n), a deletion (n, 0), a replacement two positive numbers. All lengths and
/// positions are UTF-16 code units (ADR-002).
/// </remarks>
public class ChangeDesc
{
    // A keystroke is one replacement; the authority keeps every accepted one, so that common
    // case is stored as four integers and its sections array is built only when an algorithm
    // walks it. Every object the history retains per keystroke costs garbage-collector time.
    private int[]? _sections;
    private readonly int _singleLength;
    private readonly int _singleFrom;
    private readonly int _singleDelete;
    private readonly int _singleInsert;

    internal ChangeDesc(int[] sections)
    {
        _sections = sections;
    }

    internal ChangeDesc(int length, int from, int deleteLength, int insertLength)
    {
        IsSingle = true;
        _singleLength = length;
        _singleFrom = from;
        _singleDelete = deleteLength;
        _singleInsert = insertLength;
    }

    internal int[] Sections => _sections ??= BuildSingleSections();

    /// <summary>True when built as one replacement (see <see cref="ChangeSet.Of(int, int, int, string)"/>).</summary>
    internal bool IsSingle { get; }

    internal int SingleFrom => _singleFrom;

    internal int SingleDelete => _singleDelete;

    /// <summary>Section index of the replacement in a single-replacement set.</summary>
    internal int SingleIndex => _singleFrom > 0 ? 1 : 0;

    /// <summary>The sections as (length, insert) pairs; insert is -1 for kept text.</summary>
    public ReadOnlySpan<int> SectionSpan => Sections;

    /// <summary>Length of the document the change applies to.</summary>
    public int Length
    {
        get
        {
            if (IsSingle)
            {
                return _singleLength;
            }

            // Checked: every parsed set is bounded (CheckTotals), so a wrap here is a bug, not input.
            var result = 0;
            for (var i = 0; i < Sections.Length; i += 2)
            {
                result = checked(result + Sections[i]);
            }

            return result;
        }
    }

    /// <summary>Length of the document after the change.</summary>
    public int NewLength
    {
        get
        {
            if (IsSingle)
            {
                return _singleLength - _singleDelete + _singleInsert;
            }

            var result = 0;
            for (var i = 0; i < Sections.Length; i += 2)
            {
                var ins = Sections[i + 1];
                result = checked(result + (ins < 0 ? Sections[i] : ins));
            }

            return result;
        }
    }

    /// <summary>True when the change leaves the document as it is.</summary>
    public bool IsEmpty => !IsSingle && (Sections.Length == 0 || (Sections.Length == 2 && Sections[1] < 0));

    /// <summary>
    /// The description of the inverse change: kept sections stay, every replaced section swaps
    /// its old and new lengths.
    /// </summary>
    public ChangeDesc InvertedDesc
    {
        get
        {
            var sections = new int[Sections.Length];
            for (var i = 0; i < Sections.Length; i += 2)
            {
                int len = Sections[i], ins = Sections[i + 1];
                if (ins < 0)
                {
                    sections[i] = len;
                    sections[i + 1] = ins;
                }
                else
                {
                    sections[i] = ins;
                    sections[i + 1] = len;
                }
            }

            return new ChangeDesc(sections);
        }
    }

    /// <summary>
    /// The combined effect of this change followed by <paramref name="other"/>, which must start
    /// in the document this change produces (<c>NewLength == other.Length</c>).
    /// </summary>
    /// <exception cref="ChangeSetException">The lengths do not line up.</exception>
    public ChangeDesc ComposeDesc(ChangeDesc other)
    {
        ChangeAlgorithms.CheckComposable(this, other);
        if (IsEmpty)
        {
            return other;
        }

        return other.IsEmpty ? this : ChangeAlgorithms.Compose(this, other, withText: false);
    }

    /// <summary>
    /// Maps this description, which starts in the same document as <paramref name="other"/>, so
    /// that it applies after <paramref name="other"/>. With <paramref name="before"/> true,
    /// insertions at the same position are ordered as if this change came first.
    /// </summary>
    /// <exception cref="ChangeSetException">The two do not start in documents of equal length.</exception>
    public virtual ChangeDesc MapDesc(ChangeDesc other, bool before = false)
    {
        ChangeAlgorithms.CheckMappable(this, other);
        return other.IsEmpty ? this : ChangeAlgorithms.Map(this, other, before, withText: false);
    }

    /// <summary>
    /// Maps a position in the old document to the new one. <paramref name="assoc"/> picks the side
    /// an insertion at the position goes to (negative: the position stays before it, positive:
    /// it moves after it). Returns null only in the tracking <paramref name="mode"/>s, when the
    /// tracked text around the position was deleted.
    /// </summary>
    /// <exception cref="ChangeSetException">The position is negative or past the document end.</exception>
    public int? MapPos(int pos, int assoc = -1, MapMode mode = MapMode.Simple)
    {
        if (pos < 0)
        {
            throw new ChangeSetException($"Position {pos} is negative.");
        }

        var sections = Sections;
        int posA = 0, posB = 0;
        for (var i = 0; i < sections.Length;)
        {
            int len = sections[i++], ins = sections[i++], endA = posA + len;
            if (ins < 0)
            {
                if (endA > pos)
                {
                    return posB + (pos - posA);
                }

                posB += len;
            }
            else
            {
                if (mode != MapMode.Simple && endA >= pos &&
                    ((mode == MapMode.TrackDel && posA < pos && endA > pos) ||
                     (mode == MapMode.TrackBefore && posA < pos) ||
                     (mode == MapMode.TrackAfter && endA > pos)))
                {
                    return null;
                }

                if (endA > pos || (endA == pos && assoc < 0 && len == 0))
                {
                    return pos == posA || assoc < 0 ? posB : posB + ins;
                }

                posB += ins;
            }

            posA = endA;
        }

        if (pos > posA)
        {
            throw new ChangeSetException($"Position {pos} is out of range for changeset of length {posA}.");
        }

        return posB;
    }

    /// <summary>
    /// Maps a position in <see cref="MapMode.Simple"/> mode, which always yields a position.
    /// </summary>
    /// <exception cref="ChangeSetException">The position is negative or past the document end.</exception>
    public int MapPosition(int pos, int assoc = -1) => MapPos(pos, assoc, MapMode.Simple)!.Value;

    /// <summary>
    /// True when every character of the old range <paramref name="from"/>..<paramref name="to"/>
    /// is deleted or replaced by this change (an empty range is never "deleted" here; use
    /// <see cref="MapPos(int, int, MapMode)"/> with <see cref="MapMode.TrackDel"/> for points).
    /// </summary>
    public bool DeletesRange(int from, int to)
    {
        if (from < 0 || to < from || to > Length)
        {
            throw new ChangeSetException($"Invalid range {from} to {to} for changeset of length {Length}.");
        }

        if (from == to)
        {
            return false;
        }

        var pos = 0;
        for (var i = 0; i < Sections.Length && pos < to; i += 2)
        {
            int len = Sections[i], ins = Sections[i + 1], end = pos + len;
            if (ins < 0 && end > from && pos < to)
            {
                return false;
            }

            pos = end;
        }

        return true;
    }

    /// <summary>The JSON form: the flat sections array, exactly as CodeMirror's <c>toJSON</c>.</summary>
    public virtual JsonNode ToJson()
    {
        var array = new JsonArray();
        foreach (var n in Sections)
        {
            array.Add(n);
        }

        return array;
    }

    /// <summary>The JSON form serialised to a string.</summary>
    public string ToJsonString() => ToJson().ToJsonString();

    /// <summary>
    /// Reads a description from CodeMirror's JSON form: an even-length array of integers, lengths
    /// non-negative, insert lengths -1 or more, and no pair that changes nothing ((0, -1) or (0, 0)).
    /// </summary>
    /// <exception cref="ChangeSetException">The JSON is not such an array.</exception>
    public static ChangeDesc FromJson(JsonNode? json)
    {
        if (json is not JsonArray array || array.Count % 2 != 0)
        {
            throw new ChangeSetException("Invalid JSON representation of ChangeDesc: expected an even-length array of integers.");
        }

        var sections = new int[array.Count];
        for (var i = 0; i < sections.Length; i++)
        {
            var value = JsonReading.ReadInt(array[i], "ChangeDesc");
            if (value < (i % 2 == 0 ? 0 : -1))
            {
                throw new ChangeSetException($"Invalid JSON representation of ChangeDesc: {value} at index {i} is out of range.");
            }

            sections[i] = value;
            if (i % 2 == 1)
            {
                ChangeSet.CheckNotEmptySection(sections[i - 1], value, i / 2, "ChangeDesc");
            }
        }

        CheckTotals(sections, "ChangeDesc");
        return new ChangeDesc(sections);
    }

    /// <summary>
    /// Refuses sections whose old or new lengths add up past <see cref="int.MaxValue"/>: each part
    /// may be a valid length while their sum wraps, and a wrapped sum would pass the authority's
    /// "fits the document" check and fail half-way through applying.
    /// </summary>
    /// <exception cref="ChangeSetException">A total does not fit in an <see cref="int"/>.</exception>
    internal static void CheckTotals(ReadOnlySpan<int> sections, string what)
    {
        long length = 0, newLength = 0;
        for (var i = 0; i < sections.Length; i += 2)
        {
            length += sections[i];
            newLength += sections[i + 1] < 0 ? sections[i] : sections[i + 1];
            if (length > int.MaxValue || newLength > int.MaxValue)
            {
                throw new ChangeSetException($"Invalid JSON representation of {what}: the lengths of its parts add up to more than {int.MaxValue}.");
            }
        }
    }

    /// <summary>Parses <paramref name="json"/> and reads it as in <see cref="FromJson(JsonNode?)"/>.</summary>
    /// <exception cref="ChangeSetException">The text is not valid JSON or not a valid description.</exception>
    public static ChangeDesc FromJson(string json) => FromJson(JsonReading.Parse(json, "ChangeDesc"));

    private int[] BuildSingleSections()
    {
        var count = 1 + (_singleFrom > 0 ? 1 : 0) + (_singleFrom + _singleDelete < _singleLength ? 1 : 0);
        var sections = new int[count * 2];
        var i = 0;
        if (_singleFrom > 0)
        {
            sections[i++] = _singleFrom;
            sections[i++] = -1;
        }

        sections[i++] = _singleDelete;
        sections[i++] = _singleInsert;
        if (i < sections.Length)
        {
            sections[i++] = _singleLength - _singleFrom - _singleDelete;
            sections[i] = -1;
        }

        return sections;
    }

    /// <summary>CodeMirror's debugging form, e.g. <c>"5 0:3 2"</c>.</summary>
    public override string ToString()
    {
        var result = new StringBuilder();
        for (var i = 0; i < Sections.Length; i += 2)
        {
            if (result.Length > 0)
            {
                result.Append(' ');
            }

            result.Append(Sections[i]);
            if (Sections[i + 1] >= 0)
            {
                result.Append(':').Append(Sections[i + 1]);
            }
        }

        return result.ToString();
    }
}

/// <summary>Strict readers shared by the JSON parsers of <see cref="ChangeDesc"/> and <see cref="ChangeSet"/>.</summary>
internal static class JsonReading
{
    public static JsonNode? Parse(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ChangeSetException($"Invalid JSON representation of {what}: {ex.Message}", ex);
        }
    }

    public static int ReadInt(JsonNode? node, string what)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var result))
        {
            return result;
        }

        throw new ChangeSetException($"Invalid JSON representation of {what}: {node?.ToJsonString() ?? "null"} is not an integer.");
    }
}
