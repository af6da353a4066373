using System.Text.Json.Nodes;

namespace PlanWorkspace.Domain.Text;

/// <summary>
/// A group of replacements that turns a document of exactly <see cref="ChangeDesc.Length"/>
/// UTF-16 code units into one of <see cref="ChangeDesc.NewLength"/>. A port of CodeMirror's
/// <c>ChangeSet</c> (<c>@codemirror/state</c>, src/change.ts): same semantics for apply, map,
/// compose and position mapping, and the same JSON. Immutable; every operation returns a new set.
/// </summary>
public sealed class ChangeSet : ChangeDesc
{
    private static readonly string[] _noText = [];

    private string[]? _inserted;
    private readonly string? _singleText;

    internal ChangeSet(int[] sections, string[] inserted)
        : base(sections)
    {
        _inserted = inserted;
    }

    private ChangeSet(int length, int from, int deleteLength, string insert)
        : base(length, from, deleteLength, insert.Length)
    {
        _singleText = insert;
    }

    /// <summary>Inserted text per section (index = section index); empty for kept sections.</summary>
    internal string[] Inserted => _inserted ??= BuildSingleInserted();

    /// <summary>This change without its inserted text.</summary>
    public ChangeDesc Desc => IsSingle ? new(Length, SingleFrom, SingleDelete, NewLength - Length + SingleDelete) : new(Sections);

    /// <summary>A change set of a document of <paramref name="length"/> that changes nothing.</summary>
    /// <exception cref="ChangeSetException"><paramref name="length"/> is negative.</exception>
    public static ChangeSet Empty(int length)
    {
        if (length < 0)
        {
            throw new ChangeSetException($"Document length {length} is negative.");
        }

        return length == 0 ? new ChangeSet([], _noText) : new ChangeSet([length, -1], [string.Empty]);
    }

    /// <summary>
    /// One replacement of <paramref name="from"/>..<paramref name="to"/> by
    /// <paramref name="insert"/> in a document of <paramref name="length"/>; the same set that
    /// <see cref="Of(int, ReadOnlySpan{ChangeSpec})"/> builds for a single spec, without its
    /// general machinery (this is the keystroke path).
    /// </summary>
    /// <exception cref="ChangeSetException">The range is not inside the document.</exception>
    public static ChangeSet Of(int length, int from, int to, string insert)
    {
        ArgumentNullException.ThrowIfNull(insert);
        CheckRange(length, from, to);
        if (from == to && insert.Length == 0)
        {
            return Empty(length);
        }

        return new ChangeSet(length, from, to - from, insert);
    }

    /// <summary>
    /// The change set for <paramref name="changes"/>, all given in positions of the original
    /// document of <paramref name="length"/>, as CodeMirror's <c>ChangeSet.of</c>: specs may come
    /// in any order; specs at the same position are inserted in the order given. Inserted text is
    /// taken verbatim (line breaks are not normalised; the browser editor already sends "\n").
    /// </summary>
    /// <exception cref="ChangeSetException">A range is not inside the document.</exception>
    public static ChangeSet Of(int length, params ReadOnlySpan<ChangeSpec> changes)
    {
        if (length < 0)
        {
            throw new ChangeSetException($"Document length {length} is negative.");
        }

        var sections = new SectionBuilder(withText: true);
        ChangeSet? total = null;
        var pos = 0;

        void Flush(ref SectionBuilder builder, bool force)
        {
            if (!force && builder.Count == 0)
            {
                return;
            }

            if (pos < length)
            {
                builder.AddSection(length - pos, -1);
            }

            var set = builder.ToSet();
            total = total is null ? set : total.Compose(set.Map(total));
            builder = new SectionBuilder(withText: true);
            pos = 0;
        }

        foreach (var spec in changes)
        {
            var insert = spec.Insert ?? string.Empty;
            CheckRange(length, spec.From, spec.To);
            if (spec.From == spec.To && insert.Length == 0)
            {
                continue;
            }

            if (spec.From < pos)
            {
                Flush(ref sections, force: false);
            }

            if (spec.From > pos)
            {
                sections.AddSection(spec.From - pos, -1);
            }

            sections.AddSection(spec.To - spec.From, insert.Length);
            sections.AddInsert(insert);
            pos = spec.To;
        }

        Flush(ref sections, force: total is null);
        return total!;
    }

    /// <summary>
    /// Applies the change to <paramref name="doc"/>, which must have exactly
    /// <see cref="ChangeDesc.Length"/> code units, and returns the new document.
    /// </summary>
    /// <exception cref="ChangeSetException">The document has another length.</exception>
    public string Apply(string doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        if (doc.Length != Length)
        {
            throw new ChangeSetException($"Applying change set of length {Length} to a document of length {doc.Length}.");
        }

        return string.Create(NewLength, (this, doc), static (span, state) =>
        {
            var (set, source) = state;
            int posA = 0, posB = 0;
            var sections = set.Sections;
            for (var i = 0; i < sections.Length; i += 2)
            {
                int len = sections[i], ins = sections[i + 1];
                if (ins < 0)
                {
                    source.AsSpan(posA, len).CopyTo(span[posB..]);
                    posB += len;
                }
                else
                {
                    set.Inserted[i >> 1].AsSpan().CopyTo(span[posB..]);
                    posB += ins;
                }

                posA += len;
            }
        });
    }

    /// <summary>
    /// Applies the change in place to <paramref name="rope"/>, which must have exactly
    /// <see cref="ChangeDesc.Length"/> code units. Costs O(changed sections × log n); kept text
    /// is never copied.
    /// </summary>
    /// <exception cref="ChangeSetException">The rope has another length.</exception>
    public void ApplyTo(Rope rope)
    {
        ArgumentNullException.ThrowIfNull(rope);
        if (rope.Length != Length)
        {
            throw new ChangeSetException($"Applying change set of length {Length} to a document of length {rope.Length}.");
        }

        if (IsSingle)
        {
            rope.Replace(SingleFrom, SingleDelete, _singleText);
            return;
        }

        var sections = Sections;
        var pos = 0;
        for (var i = 0; i < sections.Length; i += 2)
        {
            int len = sections[i], ins = sections[i + 1];
            if (ins < 0)
            {
                pos += len;
            }
            else
            {
                rope.Replace(pos, len, Inserted[i >> 1]);
                pos += ins;
            }
        }
    }

    /// <summary>
    /// The change that undoes this one, given the document as it was before this change.
    /// </summary>
    /// <exception cref="ChangeSetException"><paramref name="doc"/> has another length.</exception>
    public ChangeSet Invert(string doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        if (doc.Length != Length)
        {
            throw new ChangeSetException($"Inverting change set of length {Length} against a document of length {doc.Length}.");
        }

        var sections = (int[])Sections.Clone();
        var inserted = new string[sections.Length >> 1];
        for (int i = 0, pos = 0; i < sections.Length; i += 2)
        {
            int len = sections[i], ins = sections[i + 1];
            inserted[i >> 1] = string.Empty;
            if (ins >= 0)
            {
                sections[i] = ins;
                sections[i + 1] = len;
                inserted[i >> 1] = doc.Substring(pos, len);
            }

            pos += len;
        }

        return new ChangeSet(sections, inserted);
    }

    /// <summary>
    /// Combines this change with <paramref name="other"/>, which must start in the document this
    /// one produces: if this goes A → B and other B → C, the result goes A → C.
    /// </summary>
    /// <exception cref="ChangeSetException">The lengths do not line up.</exception>
    public ChangeSet Compose(ChangeSet other)
    {
        ChangeAlgorithms.CheckComposable(this, other);
        if (IsEmpty)
        {
            return other;
        }

        return other.IsEmpty ? this : (ChangeSet)ChangeAlgorithms.Compose(this, other, withText: true);
    }

    /// <summary>
    /// Maps this change over <paramref name="other"/> (both start in the same document) so that
    /// it applies after it. By default <paramref name="other"/> is treated as coming first at
    /// equal positions; with <paramref name="before"/> true, this one does. For changes A and B,
    /// <c>A.Compose(B.Map(A))</c> and <c>B.Compose(A.Map(B, true))</c> produce the same document.
    /// </summary>
    /// <exception cref="ChangeSetException">The two start in documents of different length.</exception>
    public ChangeSet Map(ChangeDesc other, bool before = false)
    {
        ChangeAlgorithms.CheckMappable(this, other);
        return other.IsEmpty ? this : (ChangeSet)ChangeAlgorithms.Map(this, other, before, withText: true);
    }

    /// <summary>
    /// As <see cref="Map"/>, but, like CodeMirror's <c>ChangeSet.mapDesc</c>, always rebuilds the
    /// sections (even over an empty change) and keeps the inserted text.
    /// </summary>
    /// <exception cref="ChangeSetException">The two start in documents of different length.</exception>
    public override ChangeSet MapDesc(ChangeDesc other, bool before = false)
    {
        ChangeAlgorithms.CheckMappable(this, other);
        return (ChangeSet)ChangeAlgorithms.Map(this, other, before, withText: true);
    }

    /// <summary>
    /// Calls <paramref name="change"/> for each changed range: fromA..toA in the old document,
    /// fromB..toB and the inserted text in the new one. Adjacent changes are reported together
    /// unless <paramref name="individual"/> is true.
    /// </summary>
    public void IterChanges(Action<int, int, int, int, string> change, bool individual = false)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sections = Sections;
        for (int posA = 0, posB = 0, i = 0; i < sections.Length;)
        {
            int len = sections[i++], ins = sections[i++];
            if (ins < 0)
            {
                posA += len;
                posB += len;
                continue;
            }

            int endA = posA, endB = posB;
            var text = string.Empty;
            for (; ; )
            {
                endA += len;
                endB += ins;
                if (ins != 0)
                {
                    text = string.Concat(text, Inserted[(i - 2) >> 1]);
                }

                if (individual || i == sections.Length || sections[i + 1] < 0)
                {
                    break;
                }

                len = sections[i++];
                ins = sections[i++];
            }

            change(posA, endA, posB, endB, text);
            posA = endA;
            posB = endB;
        }
    }

    /// <summary>
    /// The JSON form, exactly as CodeMirror's <c>ChangeSet.toJSON</c>: a number for a kept length,
    /// <c>[len]</c> for a deletion, <c>[len, line, line, ...]</c> for a replacement whose inserted
    /// text is split at "\n".
    /// </summary>
    /// <exception cref="ChangeSetException">
    /// Inserted text holds half of a surrogate pair: System.Text.Json would write U+FFFD in its
    /// place, so the set is refused rather than silently altered (ADR-002).
    /// </exception>
    public override JsonNode ToJson()
    {
        var parts = new JsonArray();
        for (var i = 0; i < Sections.Length; i += 2)
        {
            int len = Sections[i], ins = Sections[i + 1];
            if (ins < 0)
            {
                parts.Add(len);
                continue;
            }

            var part = new JsonArray { len };
            if (ins > 0)
            {
                if (HasLoneSurrogate(Inserted[i >> 1]))
                {
                    throw new ChangeSetException($"The text inserted by section {i >> 1} contains half of a surrogate pair, which JSON written by System.Text.Json cannot carry unchanged.");
                }

                foreach (var line in Inserted[i >> 1].Split('\n'))
                {
                    part.Add(line);
                }
            }

            parts.Add(part);
        }

        return parts;
    }

    /// <summary>
    /// Reads CodeMirror's JSON form of a change set (see <see cref="ToJson"/>). Lengths must be
    /// non-negative integers and inserted lines strings without "\n". A part that changes nothing
    /// (<c>0</c>, <c>[0]</c>, <c>[0, ""]</c>) is rejected: CodeMirror never produces one, and its
    /// own algorithms fail on them.
    /// </summary>
    /// <exception cref="ChangeSetException">The JSON does not have that form.</exception>
    public static new ChangeSet FromJson(JsonNode? json)
    {
        if (json is not JsonArray array)
        {
            throw new ChangeSetException("Invalid JSON representation of ChangeSet: expected an array.");
        }

        var sections = new int[array.Count * 2];
        var inserted = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var part = array[i];
            inserted[i] = string.Empty;
            if (part is JsonArray replacement)
            {
                if (replacement.Count == 0)
                {
                    throw new ChangeSetException($"Invalid JSON representation of ChangeSet: part {i} is an empty array.");
                }

                sections[i * 2] = ReadLength(replacement[0], i);
                var text = ReadLines(replacement, i);
                sections[(i * 2) + 1] = text.Length;
                inserted[i] = text;
            }
            else
            {
                sections[i * 2] = ReadLength(part, i);
                sections[(i * 2) + 1] = -1;
            }

            CheckNotEmptySection(sections[i * 2], sections[(i * 2) + 1], i, "ChangeSet");
        }

        CheckTotals(sections, "ChangeSet");
        return new ChangeSet(sections, inserted);
    }

    /// <summary>Parses <paramref name="json"/> and reads it as in <see cref="FromJson(JsonNode?)"/>.</summary>
    /// <exception cref="ChangeSetException">The text is not valid JSON or not a valid change set.</exception>
    public static new ChangeSet FromJson(string json) => FromJson(JsonReading.Parse(json, "ChangeSet"));

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private string[] BuildSingleInserted()
    {
        var inserted = new string[Sections.Length >> 1];
        Array.Fill(inserted, string.Empty);
        inserted[SingleIndex] = _singleText!;
        return inserted;
    }

    private static int ReadLength(JsonNode? node, int part)
    {
        var value = JsonReading.ReadInt(node, "ChangeSet");
        if (value < 0)
        {
            throw new ChangeSetException($"Invalid JSON representation of ChangeSet: negative length {value} in part {part}.");
        }

        return value;
    }

    private static string ReadLines(JsonArray replacement, int part)
    {
        if (replacement.Count == 1)
        {
            return string.Empty;
        }

        var lines = new string[replacement.Count - 1];
        for (var j = 1; j < replacement.Count; j++)
        {
            string? line;
            try
            {
                if (replacement[j] is not JsonValue value || !value.TryGetValue(out line))
                {
                    throw new ChangeSetException($"Invalid JSON representation of ChangeSet: element {j} of part {part} is not a string.");
                }
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json cannot read an escaped half of a surrogate pair into a string.
                throw new ChangeSetException($"Invalid JSON representation of ChangeSet: element {j} of part {part} is not valid UTF-16 text.", ex);
            }

            if (line.Contains('\n'))
            {
                throw new ChangeSetException($"Invalid JSON representation of ChangeSet: line {j} of part {part} contains a line break.");
            }

            lines[j - 1] = line;
        }

        return string.Join('\n', lines);
    }

    internal static void CheckNotEmptySection(int len, int ins, int part, string what)
    {
        if (len == 0 && ins <= 0)
        {
            throw new ChangeSetException($"Invalid JSON representation of {what}: part {part} changes nothing (length 0, insert {Math.Max(ins, 0)}).");
        }
    }

    private static void CheckRange(int length, int from, int to)
    {
        if (length < 0)
        {
            throw new ChangeSetException($"Document length {length} is negative.");
        }

        if (from > to || from < 0 || to > length)
        {
            throw new ChangeSetException($"Invalid change range {from} to {to} (in doc of length {length}).");
        }
    }
}
