using System.Text;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// Finds a passage quoted from the public page in the section's Markdown source. The reader
/// selected rendered text, so the source may differ by Markdown markup (<c>**</c>, <c>_</c>,
/// <c>`</c>, <c>#</c>, <c>&gt;</c>, list bullets are not in the selection) and by white space (a
/// selection across paragraphs carries newlines). Both sides are compared with that markup dropped
/// and white space collapsed; the match is mapped back to a source range. Pure, no I/O.
/// </summary>
public static class QuoteLocator
{
    /// <summary>The longest source searched (a section's text is far shorter).</summary>
    public const int MaxSourceLength = 2_000_000;

    /// <summary>
    /// The source range <c>[From, To)</c> of <paramref name="quote"/> in <paramref name="source"/>,
    /// or null when it is not there. With several matches, the one in (or nearest) the
    /// <paramref name="block"/>-th block (1-based, the "p12" of an anchor) wins; without a block, the first.
    /// </summary>
    public static (int From, int To)? Find(string source, string quote, int? block = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(quote);
        // A quote with nothing visible in it (only markup or white space) is no place in the text.
        var wanted = Project(quote).Text.Trim();
        if (source.Length > MaxSourceLength || wanted.Length == 0)
        {
            return null;
        }
        var exact = Matches(source, quote.Trim());
        if (exact.Count == 0)
        {
            var (visible, map) = Project(source);
            foreach (var (from, to) in Matches(visible, wanted))
            {
                exact.Add((map[from], map[to - 1] + 1));
            }
        }
        if (exact.Count == 0)
        {
            return null;
        }
        if (block is not { } wantedBlock || exact.Count == 1)
        {
            return exact[0];
        }
        var starts = BlockStarts(source);
        return exact.MinBy(m => Math.Abs(BlockOf(starts, m.From) - wantedBlock));
    }

    private static List<(int From, int To)> Matches(string text, string quote)
    {
        var found = new List<(int, int)>();
        if (quote.Length == 0)
        {
            return found;
        }
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0 && found.Count < 100; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            found.Add((at, at + quote.Length));
        }
        return found;
    }

    // The text without markup characters and with white-space runs as one space, and for each
    // projected character the index of the source character it came from.
    private static (string Text, int[] Map) Project(string source)
    {
        var text = new StringBuilder(source.Length);
        var map = new List<int>(source.Length);
        var lineStart = true;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c is '\n' or '\r')
            {
                lineStart = true;
            }
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                    map.Add(i);
                }
                continue;
            }
            if (c is '*' or '_' or '`' or '#' or '>' || (lineStart && c is '-' or '+' && i + 1 < source.Length && source[i + 1] == ' '))
            {
                continue;
            }
            lineStart = false;
            text.Append(c);
            map.Add(i);
        }
        return (text.ToString(), map.ToArray());
    }

    // Where each block starts: a heading or list item line, or a line after a blank one.
    private static List<int> BlockStarts(string source)
    {
        var starts = new List<int>();
        var previousBlank = true;
        var at = 0;
        foreach (var line in source.Split('\n'))
        {
            var trimmed = line.TrimStart();
            var blank = trimmed.Length == 0;
            if (!blank && (previousBlank || trimmed[0] is '#' or '-' or '*' or '+' || char.IsDigit(trimmed[0])))
            {
                starts.Add(at);
            }
            previousBlank = blank;
            at += line.Length + 1;
        }
        return starts;
    }

    private static int BlockOf(List<int> starts, int position)
    {
        var index = starts.BinarySearch(position);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
