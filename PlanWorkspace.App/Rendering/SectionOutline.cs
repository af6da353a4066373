using Markdig.Helpers;
using Markdig.Syntax.Inlines;
using Markdig.Syntax;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Rendering;

/// <summary>A heading of a section after numbering: its depth in the whole plan (2 = "1)") and its text with the marker.</summary>
public sealed record OutlineHeading(int Depth, string Text);

/// <summary>
/// Numbers a section's headings in the Korean outline convention, below the body ("1.") and the
/// section ("가."): the shallowest heading level becomes "1)", the next "가)", then "(1)", "(가)", "①".
/// </summary>
public static class SectionOutline
{
    /// <summary>The depth of a section's shallowest headings in the plan (body 0, section 1).</summary>
    public const int FirstDepth = 2;

    /// <summary>
    /// Rewrites the parsed section in place: drops a leading heading that repeats the section
    /// title, strips markers authors typed ("2. 주요 과제"), prefixes each heading with its marker,
    /// and sets heading levels to the plan's (h4 for "1)", down to h6). Returns the headings.
    /// </summary>
    public static IReadOnlyList<OutlineHeading> Apply(MarkdownDocument document, string sectionTitle)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Count > 0 && document[0] is HeadingBlock first && string.Equals(PlainText(first).Trim(), sectionTitle.Trim(), StringComparison.Ordinal))
        {
            document.RemoveAt(0);
        }
        var headings = document.Descendants<HeadingBlock>().Where(h => h.Inline is not null).ToList();
        if (headings.Count == 0)
        {
            return [];
        }
        var shallowest = headings.Min(h => h.Level);
        var counters = new int[OutlineNumber.MaxDepth + 1];
        var result = new List<OutlineHeading>(headings.Count);
        foreach (var heading in headings)
        {
            var depth = Math.Min(FirstDepth + heading.Level - shallowest, OutlineNumber.MaxDepth);
            counters[depth]++;
            Array.Clear(counters, depth + 1, counters.Length - depth - 1);
            var marker = OutlineNumber.Marker(depth, Math.Max(counters[depth], 1));

            StripTypedMarker(heading.Inline!);
            var literal = new LiteralInline(marker + " ");
            if (heading.Inline!.FirstChild is { } firstChild)
            {
                firstChild.InsertBefore(literal);
            }
            else
            {
                heading.Inline.AppendChild(literal);
            }
            heading.Level = Math.Min(depth + 2, 6);
            result.Add(new OutlineHeading(depth, PlainText(heading).Trim()));
        }
        return result;
    }

    /// <summary>The text of a heading's inlines, without formatting.</summary>
    public static string PlainText(LeafBlock block)
    {
        if (block.Inline is null)
        {
            return string.Empty;
        }
        var builder = new System.Text.StringBuilder();
        foreach (var inline in block.Inline.Descendants<LeafInline>())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
            }
        }
        return builder.ToString();
    }

    private static void StripTypedMarker(ContainerInline inline)
    {
        if (inline.FirstChild is LiteralInline literal)
        {
            var text = literal.Content.ToString();
            var stripped = OutlineNumber.StripTypedMarker(text);
            if (stripped.Length != text.Length)
            {
                literal.Content = new StringSlice(stripped);
            }
        }
    }
}
