using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkspace.App.Export;

/// <summary>
/// Where each link target landed in a PDF that Chromium printed: the named destinations it writes
/// for every <c>id</c> an internal link points at (<c>/Dests</c> in the catalog, name → page), with
/// the page's number from the page tree. This reads Chromium's (Skia's) own output only — plain
/// object dictionaries, no object streams — and answers nothing rather than guess on anything else.
/// </summary>
public static partial class PdfDestinations
{
    /// <summary>Page trees nest a few levels; a cycle or a deeper tree is not Chromium's and is refused.</summary>
    private const int MaxTreeDepth = 32;

    [GeneratedRegex(@"(?:^|[\r\n])(\d+) 0 obj\s*")]
    private static partial Regex ObjectStart();

    [GeneratedRegex(@"/Dests (\d+) 0 R")]
    private static partial Regex DestsReference();

    [GeneratedRegex(@"/Pages (\d+) 0 R")]
    private static partial Regex PagesReference();

    [GeneratedRegex(@"/Kids \[([^\]]*)\]")]
    private static partial Regex Kids();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex Reference();

    [GeneratedRegex(@"/([^\s/\[\]<>()]+)\s*\[(\d+) 0 R /XYZ")]
    private static partial Regex Destination();

    /// <summary>
    /// The 1-based page of each named destination in <paramref name="pdf"/>, or an empty map when the
    /// file has none or is not laid out as Chromium writes it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> PagesOf(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        // Latin-1 maps each byte to one char, so offsets and ASCII syntax survive the binary streams.
        var text = Encoding.Latin1.GetString(pdf);
        var objects = new Dictionary<int, string>();
        var starts = ObjectStart().Matches(text);
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i].Index + starts[i].Length;
            var end = text.IndexOf("endobj", from, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            var body = text[from..end];
            // A stream's bytes are not dictionary syntax: keep only the dictionary in front of it.
            var stream = body.IndexOf("stream", StringComparison.Ordinal);
            objects[int.Parse(starts[i].Groups[1].Value, CultureInfo.InvariantCulture)] = stream < 0 ? body : body[..stream];
        }

        var catalog = objects.Values.FirstOrDefault(o => o.Contains("/Type /Catalog", StringComparison.Ordinal));
        if (catalog is null || DestsReference().Match(catalog) is not { Success: true } dests
            || !objects.TryGetValue(int.Parse(dests.Groups[1].Value, CultureInfo.InvariantCulture), out var names)
            || PagesReference().Match(catalog) is not { Success: true } root)
        {
            return new Dictionary<string, int>();
        }

        var pageNumbers = new Dictionary<int, int>();
        if (!Flatten(objects, int.Parse(root.Groups[1].Value, CultureInfo.InvariantCulture), pageNumbers, 0))
        {
            return new Dictionary<string, int>();
        }
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match destination in Destination().Matches(names))
        {
            if (pageNumbers.TryGetValue(int.Parse(destination.Groups[2].Value, CultureInfo.InvariantCulture), out var page))
            {
                result[Unescape(destination.Groups[1].Value)] = page;
            }
        }
        return result;
    }

    // Numbers the leaves of the page tree in order (a /Pages node lists its /Kids; a /Page is a leaf).
    private static bool Flatten(Dictionary<int, string> objects, int id, Dictionary<int, int> pages, int depth)
    {
        if (depth > MaxTreeDepth || !objects.TryGetValue(id, out var node))
        {
            return false;
        }
        if (!node.Contains("/Type /Pages", StringComparison.Ordinal))
        {
            return pages.TryAdd(id, pages.Count + 1);
        }
        if (Kids().Match(node) is not { Success: true } kids)
        {
            return false;
        }
        foreach (Match kid in Reference().Matches(kids.Groups[1].Value))
        {
            if (!Flatten(objects, int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture), pages, depth + 1))
            {
                return false;
            }
        }
        return true;
    }

    // A PDF name writes bytes outside printable ASCII as #xx (UTF-8 for Chromium's names).
    private static string Unescape(string name)
    {
        if (!name.Contains('#', StringComparison.Ordinal))
        {
            return name;
        }
        var bytes = new List<byte>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '#' && i + 2 < name.Length && byte.TryParse(name.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)name[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
