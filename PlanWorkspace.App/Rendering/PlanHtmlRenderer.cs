using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// Renders plan Markdown with shortcodes and outline numbering to safe HTML, and the whole
/// assembled plan to one self-contained HTML document (the HTML export and the PDF's source).
/// Every output goes through <see cref="HtmlPolicy"/>, the one sanitiser policy.
/// </summary>
public sealed class PlanHtmlRenderer
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// The pipeline every view, history page and exporter parses with. Raw HTML is off, and the
    /// extensions are named one by one rather than <c>UseAdvancedExtensions</c>: that bundle brings
    /// generic attributes (<c>{style="position:fixed…"}</c> on any element), custom containers
    /// (<c>:::</c> with any class), media links (iframes), heading ids and footnote ids — each a
    /// way for a writer to restyle, cover or clobber the page.
    /// </summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseDefinitionLists()
        .UseAutoLinks()
        .DisableHtml()
        .Use<ShortcodeExtension>()
        .Build();

    /// <summary>Parses Markdown with <see cref="Pipeline"/>; table column alignment becomes a class, since no <c>style</c> survives.</summary>
    public static MarkdownDocument Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var table in document.Descendants<Table>())
        {
            AlignByClass(table);
        }
        return document;
    }

    /// <summary>Parses a section and numbers its headings (<see cref="SectionOutline"/>).</summary>
    public static MarkdownDocument ParseSection(AssembledSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var document = Parse(section.Markdown);
        SectionOutline.Apply(document, section.Title);
        return document;
    }

    /// <summary>Markdown with shortcodes resolved against <paramref name="facts"/> for the body <paramref name="bodyId"/>; no numbering.</summary>
    public string ToHtml(string markdown, PlanFacts facts, int bodyId, PlanLabels labels) =>
        Render(Parse(markdown), new ShortcodeHtml(facts, bodyId, labels));

    /// <summary>A section's body (numbered headings, shortcodes resolved), sanitised.</summary>
    public string SectionHtml(AssembledSection section, PlanFacts facts, PlanLabels labels) =>
        Render(ParseSection(section), new ShortcodeHtml(facts, section.BodyId, labels));

    private static string Render(MarkdownDocument document, ShortcodeHtml? shortcodes)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Insert(0, new ShortcodeBlockHtmlRenderer(shortcodes));
        renderer.ObjectRenderers.Insert(0, new ShortcodeInlineHtmlRenderer(shortcodes));
        renderer.Render(document);
        writer.Flush();
        return HtmlPolicy.Sanitize(writer.ToString());
    }

    private static void AlignByClass(Table table)
    {
        if (table.ColumnDefinitions.Count == 0)
        {
            return;
        }
        foreach (var row in table.OfType<TableRow>())
        {
            for (var i = 0; i < row.Count; i++)
            {
                var cell = (TableCell)row[i];
                // The column as Markdig's table renderer finds it: the cell's own index, else its position.
                var index = Math.Min(cell.ColumnIndex >= 0 && cell.ColumnIndex < table.ColumnDefinitions.Count ? cell.ColumnIndex : i, table.ColumnDefinitions.Count - 1);
                switch (table.ColumnDefinitions[index].Alignment)
                {
                    case TableColumnAlign.Center: cell.GetAttributes().AddClass("plan-align-center"); break;
                    case TableColumnAlign.Right: cell.GetAttributes().AddClass("plan-align-right"); break;
                }
            }
        }
        foreach (var column in table.ColumnDefinitions)
        {
            column.Alignment = null;
        }
    }

    /// <summary>The annex: every target by body, with baseline, target, latest value and status.</summary>
    public static string AnnexHtml(AssembledPlan plan, PlanLabels labels)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        if (!plan.Facts.Targets.Any())
        {
            return $"<p class=\"plan-empty\">{E(labels.NoTargets)}</p>";
        }
        var html = new StringBuilder();
        html.Append("<table class=\"plan-table annex-table\"><thead><tr>");
        foreach (var header in new[] { labels.Body, labels.TargetName, labels.Baseline, labels.Target, labels.Latest, labels.Status })
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in AnnexRows(plan, labels))
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        return html.ToString();
    }

    /// <summary>The annex rows as text (shared with the document exporters).</summary>
    public static IEnumerable<string[]> AnnexRows(AssembledPlan plan, PlanLabels labels)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var body in plan.Facts.Bodies.OrderBy(b => b.Order))
        {
            foreach (var t in plan.Facts.Targets.Where(t => t.BodyId == body.Id))
            {
                yield return
                [
                    body.DisplayName(labels.Culture.TwoLetterISOLanguageName == "en"),
                    t.Name,
                    labels.Measure(t.BaselineValue, t.Unit, t.BaselineYear),
                    labels.Measure(t.TargetValue, t.Unit, t.TargetYear),
                    t.LatestValue is { } latest ? labels.Value(latest, t.Unit) : "—",
                    labels.StatusOf(t.StatusOn(plan.Facts.Today)),
                ];
            }
        }
    }

    /// <summary>
    /// The whole plan as one HTML file: cover, table of contents (status, authors, last change),
    /// bodies and sections with outline numbers, the annex; styles inline, no scripts, no links out.
    /// With <paramref name="pages"/> (for print) the contents table has a page column: the page of
    /// each section's anchor, or a blank of the same width while the pages are still unknown.
    /// </summary>
    public string DocumentHtml(AssembledPlan plan, PlanLabels labels, IReadOnlyDictionary<string, int>? pages = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        var english = labels.Culture.TwoLetterISOLanguageName == "en";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(english ? "en" : "ko").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(HtmlPolicy.DocumentContentSecurityPolicy).Append("\">\n<title>")
            .Append(E(plan.Title)).Append("</title>\n<style>\n").Append(PlanDocumentStyles.Css).Append("</style>\n</head>\n<body>\n<article class=\"plan-document\">\n");
        html.Append("<header class=\"plan-cover\"><p class=\"plan-committee\">").Append(E(plan.Committee)).Append("</p><h1>")
            .Append(E(plan.Title)).Append("</h1><p class=\"plan-vision\">").Append(E(plan.Vision)).Append("</p><p class=\"plan-date\">")
            .Append(E(plan.VersionLabel is null ? labels.Date(plan.AssembledAt) : $"{plan.VersionLabel} · {labels.Date(plan.AssembledAt)}"))
            .Append("</p></header>\n");

        var columns = pages is null ? 4 : 5;
        html.Append("<nav class=\"plan-toc\"><h2>").Append(E(labels.Contents)).Append("</h2><table class=\"plan-table\"><thead><tr><th>")
            .Append(E(labels.Section)).Append("</th><th>").Append(E(labels.Status)).Append("</th><th class=\"toc-wide\">").Append(E(labels.Authors))
            .Append("</th><th class=\"toc-wide\">").Append(E(labels.LastChange)).Append("</th>");
        if (pages is not null)
        {
            html.Append("<th class=\"toc-page\">").Append(E(labels.Page)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var body in plan.Bodies)
        {
            html.Append("<tr class=\"toc-body\"><td colspan=\"").Append(columns).Append("\">").Append(E($"{body.Number} {body.Body.DisplayName(english)}")).Append("</td></tr>");
            foreach (var section in body.Sections)
            {
                var authors = section.Authors.Count == 0 ? labels.NoAuthors : string.Join(", ", section.Authors);
                var changed = labels.DateTime(section.LastChange);
                html.Append("<tr><td class=\"toc-section\"><a href=\"#").Append(section.Anchor).Append("\">").Append(E($"{section.Number} {section.Title}"))
                    .Append("</a><div class=\"toc-meta\">").Append(E($"{labels.Authors}: {authors} · {labels.LastChange}: {changed}")).Append("</div></td><td>")
                    .Append(E(labels.StatusOf(section.Status))).Append("</td><td class=\"toc-wide\">").Append(E(authors))
                    .Append("</td><td class=\"toc-wide\">").Append(E(changed)).Append("</td>");
                if (pages is not null)
                {
                    // A fixed-width cell: the numbers of the second pass take exactly the blank's room, so no row moves.
                    html.Append("<td class=\"toc-page\">").Append(pages.TryGetValue(section.Anchor, out var page) ? page.ToString(CultureInfo.InvariantCulture) : "").Append("</td>");
                }
                html.Append("</tr>");
            }
        }
        html.Append("</tbody></table></nav>\n");

        foreach (var body in plan.Bodies)
        {
            html.Append("<section class=\"plan-body\"><h2>").Append(E($"{body.Number} {body.Body.DisplayName(english)}")).Append("</h2>\n");
            foreach (var section in body.Sections)
            {
                html.Append("<section class=\"plan-section\" id=\"").Append(section.Anchor).Append("\"><h3>")
                    .Append(E($"{section.Number} {section.Title}")).Append("</h3>\n")
                    .Append(SectionHtml(section, plan.Facts, labels)).Append("</section>\n");
            }
            html.Append("</section>\n");
        }
        html.Append("<section class=\"plan-annex\"><h2>").Append(E(labels.Annex)).Append("</h2>\n").Append(AnnexHtml(plan, labels)).Append("</section>\n");
        html.Append("</article>\n</body>\n</html>\n");
        return html.ToString();
    }

    internal static string E(string text) => Encoder.Encode(text);
}
