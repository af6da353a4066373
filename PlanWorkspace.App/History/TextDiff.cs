using System.Net;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using PlanWorkspace.App.Services;
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
/// Word-level diffs that work for Korean: lines are compared first (DiffPlex, Myers), then the
/// words of changed lines, where a word is a run of letters or digits — a Hangul eojeol, an English
/// word, a number — and every space run and punctuation mark is a token of its own.
/// </summary>
public static class TextDiff
{
    /// <summary>The segments that turn <paramref name="oldText"/> into <paramref name="newText"/>; equal and changed runs alternate.</summary>
    public static IReadOnlyList<DiffSegment> Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var segments = new List<DiffSegment>();
        foreach (var (kind, oldPart, newPart) in Blocks(oldText, newText, LineEndingsPreservingChunker.Instance))
        {
            if (kind == DiffKind.Equal)
            {
                Add(segments, DiffKind.Equal, oldPart);
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
    /// &lt;ins&gt;/&lt;del&gt; only in text, never inside a tag.
    /// </summary>
    public static string RenderedHtml(IReadOnlyList<DiffSegment> segments, DiffKind side, MarkdownRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(renderer);
        var markdown = new StringBuilder();
        foreach (var segment in segments)
        {
            if (!Shows(segment.Kind, side))
            {
                continue;
            }
            if (segment.Kind == DiffKind.Equal)
            {
                markdown.Append(Strip(segment.Text));
                continue;
            }
            var (open, close) = segment.Kind == DiffKind.Deleted ? (DelOpen, DelClose) : (InsOpen, InsClose);
            foreach (var token in Tokenize(Strip(segment.Text)))
            {
                if (char.IsLetterOrDigit(token[0]))
                {
                    markdown.Append(open).Append(token).Append(close);
                }
                else
                {
                    markdown.Append(token);
                }
            }
        }
        return Mark(renderer.ToHtml(markdown.ToString()));
    }

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
                yield return (DiffKind.Equal, string.Concat(oldPieces.Skip(at).Take(block.DeleteStartA - at)), string.Empty);
            }
            yield return (DiffKind.Deleted,
                string.Concat(oldPieces.Skip(block.DeleteStartA).Take(block.DeleteCountA)),
                string.Concat(newPieces.Skip(block.InsertStartB).Take(block.InsertCountB)));
            at = block.DeleteStartA + block.DeleteCountA;
        }
        if (at < oldPieces.Count)
        {
            yield return (DiffKind.Equal, string.Concat(oldPieces.Skip(at)), string.Empty);
        }
    }
}
