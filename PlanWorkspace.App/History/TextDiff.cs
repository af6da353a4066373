using System.Net;
using System.Text;
using DiffPlex.Chunkers;
using DiffPlex;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.History;

/// <summary>Whether a piece of a diff is in both versions, only the old one, or only the new one.</summary>
public enum DiffKind
{
    Equal,
    Deleted,
    Inserted,
}

/// <summary>A piece of a diff, in reading order.</summary>
public readonly record struct DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// How much text a diff may compare. DiffPlex's Myers diff has no timeout and costs up to
/// (N+M)·D steps, so the input is bounded before it starts: at most <see cref="MaxCharacters"/>
/// and <see cref="MaxLines"/> per side for the line diff, and at most <see cref="MaxWordWork"/>
/// (the sum over changed blocks of their squared token counts) for the word diff inside changed
/// lines — blocks past that budget are shown whole, as deleted and inserted.
/// </summary>
public sealed record DiffLimits(int MaxCharacters = 200_000, int MaxLines = 4_000, long MaxWordWork = 20_000_000)
{
    public static readonly DiffLimits Default = new();
}

/// <summary>
/// Word-level diffs that work for Korean: lines are compared first (DiffPlex, Myers), then the
/// words of changed lines, where a word is a run of letters or digits — a Hangul eojeol, an English
/// word, a number — and every space run and punctuation mark is a token of its own. Every diff is
/// bounded by <see cref="DiffLimits"/>.
/// </summary>
public static partial class TextDiff
{
    /// <summary>True when either side is longer than <paramref name="limits"/> allow a line diff to compare.</summary>
    public static bool Exceeds(string oldText, string newText, DiffLimits limits)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(limits);
        return oldText.Length > limits.MaxCharacters || newText.Length > limits.MaxCharacters
            || oldText.AsSpan().Count('\n') >= limits.MaxLines || newText.AsSpan().Count('\n') >= limits.MaxLines;
    }

    /// <inheritdoc cref="Compute(string, string, DiffLimits)"/>
    public static IReadOnlyList<DiffSegment> Compute(string oldText, string newText) => Compute(oldText, newText, DiffLimits.Default);

    /// <summary>
    /// The segments that turn <paramref name="oldText"/> into <paramref name="newText"/>; equal and
    /// changed runs alternate. Past <paramref name="limits"/> (<see cref="Exceeds"/>) it does not
    /// compare at all and answers the whole old text deleted and the whole new text inserted, which
    /// is still correct; callers that show diffs check <see cref="Exceeds"/> first and say so.
    /// </summary>
    public static IReadOnlyList<DiffSegment> Compute(string oldText, string newText, DiffLimits limits)
    {
        var segments = new List<DiffSegment>();
        if (Exceeds(oldText, newText, limits))
        {
            if (oldText == newText)
            {
                Add(segments, DiffKind.Equal, oldText);
                return segments;
            }
            Add(segments, DiffKind.Deleted, oldText);
            Add(segments, DiffKind.Inserted, newText);
            return segments;
        }
        var wordWork = 0L;
        foreach (var (kind, oldPart, newPart) in Blocks(oldText, newText, LineEndingsPreservingChunker.Instance))
        {
            if (kind == DiffKind.Equal)
            {
                Add(segments, DiffKind.Equal, oldPart);
                continue;
            }
            var (oldTokens, newTokens) = (Tokenize(oldPart), Tokenize(newPart));
            long size = oldTokens.Length + newTokens.Length;
            wordWork += size * size;
            if (wordWork > limits.MaxWordWork)
            {
                // Over budget: this block is shown as replaced lines, without a word diff.
                Add(segments, DiffKind.Deleted, oldPart);
                Add(segments, DiffKind.Inserted, newPart);
                continue;
            }
            foreach (var (wordKind, oldWords, newWords) in Blocks(oldPart, newPart, new CustomFunctionChunker(Tokenize)))
            {
                if (wordKind == DiffKind.Equal)
                {
                    Add(segments, DiffKind.Equal, oldWords);
                }
                else
                {
                    Add(segments, DiffKind.Deleted, oldWords);
                    Add(segments, DiffKind.Inserted, newWords);
                }
            }
        }
        return segments;
    }

    /// <summary>
    /// A change set that turns <paramref name="current"/> into <paramref name="target"/>, replacing
    /// only the words that differ (see <see cref="Compute"/>), so that authorship, comments and
    /// cursors on unchanged text keep their place.
    /// </summary>
    public static ChangeSet ToChangeSet(string current, string target)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        var specs = new List<ChangeSpec>();
        var at = 0;
        (int From, int To, string Insert)? pending = null;
        foreach (var segment in Compute(current, target))
        {
            switch (segment.Kind)
            {
                case DiffKind.Equal:
                    if (pending is { } done)
                    {
                        specs.Add(new ChangeSpec(done.From, done.To, done.Insert));
                        pending = null;
                    }
                    at += segment.Text.Length;
                    break;
                case DiffKind.Deleted:
                    pending = pending is { } p ? (p.From, at + segment.Text.Length, p.Insert) : (at, at + segment.Text.Length, string.Empty);
                    at += segment.Text.Length;
                    break;
                default:
                    pending = pending is { } q ? (q.From, q.To, q.Insert + segment.Text) : (at, at, segment.Text);
                    break;
            }
        }
        if (pending is { } last)
        {
            specs.Add(new ChangeSpec(last.From, last.To, last.Insert));
        }
        return ChangeSet.Of(current.Length, specs.ToArray());
    }

    /// <summary>Letters-or-digits runs, space runs, line breaks and single other characters (surrogate pairs kept whole).</summary>
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }
            }
            else if (c is ' ' or '\t')
            {
                while (i < text.Length && text[i] is ' ' or '\t')
                {
                    i++;
                }
            }
            else
            {
                i += char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            }
            tokens.Add(text[start..i]);
        }
        return tokens.ToArray();
    }

    /// <summary>The source view: HTML-encoded text with &lt;ins&gt;/&lt;del&gt; around changes; <paramref name="side"/> picks the old side (Deleted), the new side (Inserted) or both (Equal: inline).</summary>
    public static string SourceHtml(IReadOnlyList<DiffSegment> segments, DiffKind side)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var html = new StringBuilder();
        foreach (var segment in segments)
        {
            if (!Shows(segment.Kind, side))
            {
                continue;
            }
            var text = WebUtility.HtmlEncode(segment.Text);
            html.Append(segment.Kind switch
            {
                DiffKind.Deleted => $"<del class=\"diff-del\">{text}</del>",
                DiffKind.Inserted => $"<ins class=\"diff-ins\">{text}</ins>",
                _ => text,
            });
        }
        return html.ToString();
    }

    /// <summary>
    /// The rendered view: the Markdown of the chosen side (or both, inline) rendered and sanitised by
    /// <paramref name="renderer"/>, with changed words marked. Marks travel through Markdown as
    /// private-use characters around each changed word (never around Markdown syntax) and become
    /// &lt;ins&gt;/&lt;del&gt; only in text, never inside a tag. A shortcode stays whole: a change
    /// inside <c>{{…}}</c> marks all of it, outside the braces, so it still renders from the plan data.
    /// </summary>
    public static string RenderedHtml(IReadOnlyList<DiffSegment> segments, DiffKind side, SectionMarkdown renderer)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(renderer);
        var plain = new StringBuilder();
        var marks = new List<(int Start, int End, DiffKind Kind)>();
        foreach (var segment in segments)
        {
            if (!Shows(segment.Kind, side))
            {
                continue;
            }
            if (segment.Kind == DiffKind.Equal)
            {
                plain.Append(Strip(segment.Text));
                continue;
            }
            foreach (var token in Tokenize(Strip(segment.Text)))
            {
                var start = plain.Length;
                plain.Append(token);
                if (char.IsLetterOrDigit(token[0]))
                {
                    marks.Add((start, plain.Length, segment.Kind));
                }
            }
        }
        var text = plain.ToString();
        foreach (System.Text.RegularExpressions.Match shortcode in ShortcodePattern().Matches(text))
        {
            var end = shortcode.Index + shortcode.Length;
            var inside = marks.FindAll(m => m.Start >= shortcode.Index && m.End <= end);
            if (inside.Count > 0)
            {
                marks.RemoveAll(m => m.Start >= shortcode.Index && m.End <= end);
                marks.Add((shortcode.Index, end, inside[0].Kind));
            }
        }
        marks.Sort((x, y) => x.Start.CompareTo(y.Start));
        var markdown = new StringBuilder(text.Length + marks.Count * 2);
        var at = 0;
        foreach (var (start, end, kind) in marks)
        {
            var (open, close) = kind == DiffKind.Deleted ? (DelOpen, DelClose) : (InsOpen, InsClose);
            markdown.Append(text, at, start - at).Append(open).Append(text, start, end - start).Append(close);
            at = end;
        }
        markdown.Append(text, at, text.Length - at);
        return Mark(renderer.ToHtml(markdown.ToString()));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{[^{}\r\n]{1,200}\}\}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ShortcodePattern();

    private const char InsOpen = '\uE000';
    private const char InsClose = '\uE001';
    private const char DelOpen = '\uE002';
    private const char DelClose = '\uE003';

    private static bool Shows(DiffKind kind, DiffKind side) =>
        kind == DiffKind.Equal || side == DiffKind.Equal || kind == side;

    // The marks are ours: a text that happens to hold these characters loses them in this view only.
    private static string Strip(string text) =>
        text.IndexOfAny([InsOpen, InsClose, DelOpen, DelClose]) < 0 ? text
            : text.Replace(InsOpen.ToString(), "", StringComparison.Ordinal).Replace(InsClose.ToString(), "", StringComparison.Ordinal)
                .Replace(DelOpen.ToString(), "", StringComparison.Ordinal).Replace(DelClose.ToString(), "", StringComparison.Ordinal);

    private static string Mark(string html)
    {
        var result = new StringBuilder(html.Length + 64);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>')
            {
                inTag = false;
            }
            switch (c)
            {
                case InsOpen: if (!inTag) { result.Append("<ins class=\"diff-ins\">"); } break;
                case InsClose: if (!inTag) { result.Append("</ins>"); } break;
                case DelOpen: if (!inTag) { result.Append("<del class=\"diff-del\">"); } break;
                case DelClose: if (!inTag) { result.Append("</del>"); } break;
                default: result.Append(c); break;
            }
        }
        return result.ToString();
    }

    private static void Add(List<DiffSegment> segments, DiffKind kind, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (segments.Count > 0 && segments[^1].Kind == kind)
        {
            segments[^1] = new DiffSegment(kind, segments[^1].Text + text);
        }
        else
        {
            segments.Add(new DiffSegment(kind, text));
        }
    }

    // Equal runs and changed blocks (old part, new part) in order, as concatenated pieces.
    private static IEnumerable<(DiffKind Kind, string Old, string New)> Blocks(string oldText, string newText, IChunker chunker)
    {
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var (oldPieces, newPieces) = (result.PiecesOld, result.PiecesNew);
        var at = 0;
        foreach (var block in result.DiffBlocks)
        {
            if (block.DeleteStartA > at)
            {
                yield return (DiffKind.Equal, Join(oldPieces, at, block.DeleteStartA - at), string.Empty);
            }
            yield return (DiffKind.Deleted, Join(oldPieces, block.DeleteStartA, block.DeleteCountA), Join(newPieces, block.InsertStartB, block.InsertCountB));
            at = block.DeleteStartA + block.DeleteCountA;
        }
        if (at < oldPieces.Count)
        {
            yield return (DiffKind.Equal, Join(oldPieces, at, oldPieces.Count - at), string.Empty);
        }
    }

    // Indexed, not Skip/Take: a diff with many blocks would otherwise walk the pieces once per block.
    private static string Join(IReadOnlyList<string> pieces, int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            text.Append(pieces[i]);
        }
        return text.ToString();
    }
}
