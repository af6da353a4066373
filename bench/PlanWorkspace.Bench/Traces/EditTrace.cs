using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace PlanWorkspace.Bench.Traces;

/// <summary>One replacement of a trace transaction: delete <see cref="Delete"/> units at <see cref="Pos"/>, insert <see cref="Insert"/>.</summary>
/// <param name="Pos">Position; UTF-16 code units for sequential traces after loading (see <see cref="EditTrace.PositionsAreUtf16"/>).</param>
/// <param name="Delete">Number of units deleted.</param>
/// <param name="Insert">Inserted text.</param>
public readonly record struct TracePatch(int Pos, int Delete, string Insert);

/// <summary>One transaction of a trace: the patches one agent applied together, in order.</summary>
/// <param name="Agent">The agent that typed it (0 for sequential traces).</param>
/// <param name="Parents">Concurrent traces: the transactions whose result it was typed on; empty for sequential traces.</param>
/// <param name="Time">When it was typed.</param>
/// <param name="Patches">The patches, applied one after another.</param>
public sealed record TraceTxn(int Agent, int[] Parents, DateTimeOffset Time, TracePatch[] Patches);

/// <summary>
/// An editing trace from the josephg/editing-traces collection (CC BY 4.0), in its sequential or
/// concurrent format (see ../shared/traces/README.md). Loading converts the code-point positions
/// of sequential traces to UTF-16 code units; concurrent traces keep code points unless they are
/// the same thing (no character outside the BMP), because their positions refer to per-agent
/// documents that only a replay knows.
/// </summary>
public sealed class EditTrace
{
    private EditTrace(string name, bool isConcurrent, string startContent, string endContent, int numAgents, TraceTxn[] txns, bool positionsAreUtf16)
    {
        Name = name;
        IsConcurrent = isConcurrent;
        StartContent = startContent;
        EndContent = endContent;
        NumAgents = numAgents;
        Txns = txns;
        PositionsAreUtf16 = positionsAreUtf16;
    }

    /// <summary>File name without the .json.gz suffix.</summary>
    public string Name { get; }

    /// <summary>True for the concurrent (causal graph) format.</summary>
    public bool IsConcurrent { get; }

    /// <summary>The document before the first transaction.</summary>
    public string StartContent { get; }

    /// <summary>The document every correct replay must end with.</summary>
    public string EndContent { get; }

    /// <summary>Number of distinct agents.</summary>
    public int NumAgents { get; }

    /// <summary>The transactions, in file order (a topological order for concurrent traces).</summary>
    public IReadOnlyList<TraceTxn> Txns { get; }

    /// <summary>Number of patches over all transactions (the "edits" of the trace README).</summary>
    public int PatchCount
    {
        get
        {
            var count = 0;
            foreach (var txn in Txns)
            {
                count += txn.Patches.Length;
            }

            return count;
        }
    }

    /// <summary>True when patch positions are UTF-16 code units; false only for concurrent traces with non-BMP text.</summary>
    public bool PositionsAreUtf16 { get; }

    /// <summary>Loads a gzipped trace file.</summary>
    /// <exception cref="InvalidDataException">The file is not a trace in either format.</exception>
    public static EditTrace Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var json = JsonDocument.Parse(gzip);
        var name = Path.GetFileName(path);
        name = name.EndsWith(".json.gz", StringComparison.Ordinal) ? name[..^".json.gz".Length] : name;
        return Read(name, json.RootElement);
    }

    private static EditTrace Read(string name, JsonElement root)
    {
        var isConcurrent = root.TryGetProperty("kind", out var kind) && kind.GetString() == "concurrent";
        var start = root.TryGetProperty("startContent", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        var end = root.GetProperty("endContent").GetString() ?? throw new InvalidDataException("endContent is null.");
        var txnsJson = root.GetProperty("txns");
        var txns = new TraceTxn[txnsJson.GetArrayLength()];
        var astral = HasAstral(start);
        var agents = 1;
        var i = 0;
        foreach (var txn in txnsJson.EnumerateArray())
        {
            var agent = txn.TryGetProperty("agent", out var a) ? a.GetInt32() : 0;
            agents = Math.Max(agents, agent + 1);
            var parents = txn.TryGetProperty("parents", out var p) ? ReadInts(p) : [];
            var time = txn.TryGetProperty("time", out var t) || txn.TryGetProperty("timestamp", out t)
                ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture)
                : DateTimeOffset.UnixEpoch;
            var patchesJson = txn.GetProperty("patches");
            var patches = new TracePatch[patchesJson.GetArrayLength()];
            var j = 0;
            foreach (var patch in patchesJson.EnumerateArray())
            {
                var insert = patch[2].GetString() ?? string.Empty;
                astral |= HasAstral(insert);
                patches[j++] = new TracePatch(patch[0].GetInt32(), patch[1].GetInt32(), insert);
            }

            txns[i++] = new TraceTxn(agent, parents, time, patches);
        }

        if (root.TryGetProperty("numAgents", out var n))
        {
            agents = Math.Max(agents, n.GetInt32());
        }

        var utf16 = !astral;
        if (astral && !isConcurrent)
        {
            ConvertToUtf16(start, txns);
            utf16 = true;
        }

        return new EditTrace(name, isConcurrent, start, end, agents, txns, utf16);
    }

    /// <summary>
    /// The UTF-16 offset of code point <paramref name="codePoint"/> in <paramref name="text"/>
    /// (the slow path for concurrent traces with non-BMP text).
    /// </summary>
    public static int CodePointToUtf16(string text, int codePoint)
    {
        var unit = 0;
        for (var cp = 0; cp < codePoint; cp++)
        {
            if (unit >= text.Length)
            {
                throw new InvalidDataException($"Code point {codePoint} is past the end of the document.");
            }

            unit += char.IsHighSurrogate(text[unit]) && unit + 1 < text.Length && char.IsLowSurrogate(text[unit + 1]) ? 2 : 1;
        }

        return unit;
    }

    private static int[] ReadInts(JsonElement array)
    {
        var result = new int[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            result[i++] = e.GetInt32();
        }

        return result;
    }

    private static bool HasAstral(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    // Sequential traces only: keeps the sorted code-point positions of the non-BMP characters in
    // the document while walking the patches, so each position converts in O(log k + k) for k
    // such characters instead of rescanning the text.
    private static void ConvertToUtf16(string start, TraceTxn[] txns)
    {
        var astral = new List<int>();
        AddAstral(astral, start, 0);
        for (var t = 0; t < txns.Length; t++)
        {
            var patches = txns[t].Patches;
            for (var p = 0; p < patches.Length; p++)
            {
                var (pos, delete, insert) = patches[p];
                var before = LowerBound(astral, pos);
                var deletedEnd = LowerBound(astral, pos + delete);
                var unitPos = pos + before;
                var unitDelete = delete + (deletedEnd - before);
                astral.RemoveRange(before, deletedEnd - before);
                var insertedCodePoints = insert.EnumerateRunes().Count();
                for (var k = before; k < astral.Count; k++)
                {
                    astral[k] += insertedCodePoints - delete;
                }

                var added = new List<int>();
                AddAstral(added, insert, pos);
                astral.InsertRange(before, added);
                patches[p] = new TracePatch(unitPos, unitDelete, insert);
            }
        }
    }

    private static void AddAstral(List<int> positions, string text, int offset)
    {
        var cp = offset;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Utf16SequenceLength == 2)
            {
                positions.Add(cp);
            }

            cp++;
        }
    }

    private static int LowerBound(List<int> sorted, int value)
    {
        var index = sorted.BinarySearch(value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }
}
