using System.Text;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// The plan as one Markdown file (UTF-8): numbered headings, shortcodes expanded into tables so the
/// file stands on its own, the contents and the annex as pipe tables.
/// </summary>
public sealed class MarkdownExporter : IPlanExporter
{
    public ExportFormat Format => ExportFormat.Markdown;
    public string ContentType => "text/markdown; charset=utf-8";
    public string Extension => "md";

    public async Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default)
    {
        var text = Write(PlanDocumentBuilder.Build(plan, labels));
        await output.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct);
    }

    /// <summary>The neutral document as Markdown.</summary>
    public static string Write(PlanDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        var titleWritten = false;
        var inList = false;
        foreach (var block in document.Blocks)
        {
            // A list ends with a blank line, or the next paragraph would continue its last item.
            var isListItem = block is DocParagraph { Marker: not null };
            if (inList && !isListItem)
            {
                md.Append('\n');
            }
            inList = isListItem;
            switch (block)
            {
                case DocParagraph { Kind: DocParagraphKind.Title } title when !titleWritten:
                    md.Append("# ").Append(Escape(title.Text)).Append("\n\n");
                    titleWritten = true;
                    break;
                case DocHeading heading:
                    md.Append(new string('#', Math.Min(heading.Level + 1, 6))).Append(' ').Append(Escape(heading.Text)).Append("\n\n");
                    break;
                case DocParagraph { Kind: DocParagraphKind.Code } code:
                    md.Append("    ").Append(code.Text).Append('\n');
                    break;
                case DocParagraph paragraph:
                    var prefix = paragraph.Kind == DocParagraphKind.Quote ? "> " : string.Empty;
                    if (paragraph.Marker is { } marker)
                    {
                        md.Append(new string(' ', Math.Max(0, paragraph.Indent - 1) * 3)).Append(prefix)
                            .Append(marker == "•" ? "-" : marker).Append(' ').Append(Runs(paragraph.Runs)).Append('\n');
                    }
                    else
                    {
                        md.Append(prefix).Append(paragraph.Kind == DocParagraphKind.Subtitle ? $"**{Runs(paragraph.Runs)}**" : Runs(paragraph.Runs)).Append("\n\n");
                    }
                    break;
                case DocTable table:
                    md.Append('\n');
                    var columns = Math.Max(table.Header.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
                    md.Append("| ").Append(string.Join(" | ", Pad(table.Header, columns).Select(Cell))).Append(" |\n");
                    md.Append('|').Append(string.Concat(Enumerable.Repeat("---|", columns))).Append('\n');
                    foreach (var row in table.Rows)
                    {
                        md.Append("| ").Append(string.Join(" | ", Pad(row, columns).Select(Cell))).Append(" |\n");
                    }
                    md.Append('\n');
                    break;
            }
        }
        return md.ToString();
    }

    private static IEnumerable<string> Pad(IReadOnlyList<string> cells, int count) =>
        cells.Concat(Enumerable.Repeat(string.Empty, Math.Max(0, count - cells.Count)));

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Runs(IEnumerable<DocRun> runs) => string.Concat(runs.Select(r =>
    {
        var text = r.Code ? CodeSpan(r.Text) : Escape(r.Text);
        if (r.Italic && !string.IsNullOrWhiteSpace(r.Text))
        {
            text = $"*{text}*";
        }
        if (r.Bold && !string.IsNullOrWhiteSpace(r.Text))
        {
            text = $"**{text}**";
        }
        return r.Link is null ? text : $"[{text}]({r.Link})";
    }));

    // A code span's fence is longer than any run of backticks inside it, or the code could close
    // the span early and the rest be read as Markdown (or HTML) by whatever opens the file.
    private static string CodeSpan(string code)
    {
        var longest = 0;
        for (int i = 0, run = 0; i < code.Length; i++)
        {
            run = code[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') ? " " : string.Empty;
        return fence + pad + code + pad + fence;
    }

    // Expanded shortcodes must not be re-read as shortcodes, nor text as HTML.
    private static string Escape(string text) =>
        text.Replace("{{", "\\{\\{", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
