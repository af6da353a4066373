using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax.Inlines;
using Markdig.Syntax;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// Turns an <see cref="AssembledPlan"/> into a <see cref="PlanDocument"/>: cover, contents, every
/// section parsed and numbered exactly as the HTML view does it (<see cref="PlanHtmlRenderer.ParseSection"/>),
/// shortcodes resolved to tables, and the annex of targets.
/// </summary>
public static class PlanDocumentBuilder
{
    public static PlanDocument Build(AssembledPlan plan, PlanLabels labels)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        var english = labels.Culture.TwoLetterISOLanguageName == "en";
        var blocks = new List<DocBlock>
        {
            new DocParagraph(plan.Title, DocParagraphKind.Title),
            new DocParagraph(plan.Vision, DocParagraphKind.Subtitle),
            new DocParagraph(plan.VersionLabel is null ? labels.Date(plan.AssembledAt) : $"{plan.VersionLabel} · {labels.Date(plan.AssembledAt)}", DocParagraphKind.Subtitle),
            new DocParagraph(plan.Committee, DocParagraphKind.Subtitle),
            new DocParagraph(labels.Contents, DocParagraphKind.Subtitle),
            new DocTableOfContents(),
            new DocTable(
                [labels.Section, labels.Status, labels.Authors, labels.LastChange],
                plan.Sections.Select(s => (IReadOnlyList<string>)
                [
                    $"{plan.Bodies.First(b => b.Sections.Contains(s)).Number} {s.Number} {s.Title}",
                    labels.StatusOf(s.Status),
                    s.Authors.Count == 0 ? labels.NoAuthors : string.Join(", ", s.Authors),
                    labels.DateTime(s.LastChange),
                ]).ToList()),
        };
        foreach (var body in plan.Bodies)
        {
            blocks.Add(new DocHeading(1, $"{body.Number} {body.Body.DisplayName(english)}"));
            foreach (var section in body.Sections)
            {
                blocks.Add(new DocHeading(2, $"{section.Number} {section.Title}"));
                var converter = new BlockConverter(plan.Facts, section.BodyId, labels, blocks);
                converter.AddBlocks(PlanHtmlRenderer.ParseSection(section), 0, DocParagraphKind.Normal);
            }
        }
        blocks.Add(new DocHeading(1, labels.Annex));
        if (!plan.Facts.Targets.Any())
        {
            blocks.Add(new DocParagraph(labels.NoTargets));
            return new PlanDocument(plan.Title, blocks);
        }
        blocks.Add(new DocTable(
            [labels.Body, labels.TargetName, labels.Baseline, labels.Target, labels.Latest, labels.Status],
            PlanHtmlRenderer.AnnexRows(plan, labels).Select(r => (IReadOnlyList<string>)r).ToList()));
        return new PlanDocument(plan.Title, blocks);
    }

    private sealed class BlockConverter(Rendering.PlanFacts facts, int bodyId, PlanLabels labels, List<DocBlock> output)
    {
        public void AddBlocks(ContainerBlock container, int indent, DocParagraphKind kind)
        {
            foreach (var block in container)
            {
                Add(block, indent, kind);
            }
        }

        private void Add(Block block, int indent, DocParagraphKind kind)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    output.Add(new DocHeading(Math.Max(3, heading.Level - 1), SectionOutline.PlainText(heading).Trim()));
                    break;
                case ParagraphBlock paragraph:
                    output.Add(new DocParagraph(Runs(paragraph.Inline), indent, null, kind));
                    break;
                case ListBlock list:
                    AddList(list, indent, kind);
                    break;
                case Table table:
                    AddTable(table);
                    break;
                case QuoteBlock quote:
                    AddBlocks(quote, indent + 1, DocParagraphKind.Quote);
                    break;
                case CodeBlock code:
                    foreach (var line in code.Lines.Lines.Take(code.Lines.Count))
                    {
                        output.Add(new DocParagraph([new DocRun(line.ToString(), Code: true)], indent, null, DocParagraphKind.Code));
                    }
                    break;
                case ShortcodeBlock shortcode:
                    AddShortcode(shortcode.Shortcode);
                    break;
                case ContainerBlock other:
                    AddBlocks(other, indent, kind);
                    break;
            }
        }

        private void AddList(ListBlock list, int indent, DocParagraphKind kind)
        {
            var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                var marker = list.IsOrdered ? $"{number++}." : "•";
                var first = true;
                foreach (var child in item)
                {
                    if (first && child is ParagraphBlock paragraph)
                    {
                        output.Add(new DocParagraph(Runs(paragraph.Inline), indent + 1, marker, kind));
                    }
                    else
                    {
                        Add(child, indent + 1, kind);
                    }
                    first = false;
                }
            }
        }

        private void AddTable(Table table)
        {
            var rows = table.OfType<TableRow>().Select(r => (Row: r, Cells: r.OfType<TableCell>().Select(CellText).ToList())).ToList();
            var header = rows.FirstOrDefault(r => r.Row.IsHeader).Cells ?? [];
            var body = rows.Where(r => !r.Row.IsHeader).Select(r => (IReadOnlyList<string>)r.Cells).ToList();
            output.Add(new DocTable(header, body));
        }

        private string CellText(TableCell cell) =>
            string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => string.Concat(Runs(p.Inline).Select(r => r.Text)))).Trim();

        private void AddShortcode(Shortcode shortcode)
        {
            switch (ShortcodeResolver.Resolve(shortcode, facts, bodyId, labels))
            {
                case TargetCard card:
                    var t = card.Target;
                    var rows = new List<IReadOnlyList<string>>
                    {
                        new[] { labels.Unit, t.Unit },
                        new[] { labels.Baseline, labels.Measure(t.BaselineValue, t.Unit, t.BaselineYear) },
                        new[] { labels.Target, labels.Measure(t.TargetValue, t.Unit, t.TargetYear) },
                    };
                    if (t.LatestValue is { } latest)
                    {
                        rows.Add([labels.Latest, labels.Value(latest, t.Unit)]);
                    }
                    rows.Add([labels.Status, labels.StatusOf(card.Status)]);
                    output.Add(new DocTable([labels.TargetName, t.Name], rows));
                    break;
                case InitiativeTable table when table.Initiatives.Count == 0:
                    output.Add(new DocParagraph(labels.NoInitiatives));
                    break;
                case InitiativeTable table:
                    output.Add(new DocTable(ShortcodeHtml.InitiativeHeaders(labels), ShortcodeHtml.InitiativeRows(table).Select(r => (IReadOnlyList<string>)r).ToList()));
                    break;
                case ShortcodeWarning warning:
                    output.Add(new DocParagraph("⚠ " + warning.Message, DocParagraphKind.Warning));
                    break;
            }
        }

        private List<DocRun> Runs(ContainerInline? inline)
        {
            var runs = new List<DocRun>();
            if (inline is not null)
            {
                AddRuns(inline, runs, bold: false, italic: false, link: null);
            }
            return runs;
        }

        private void AddRuns(ContainerInline container, List<DocRun> runs, bool bold, bool italic, string? link)
        {
            foreach (var inline in container)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        runs.Add(new DocRun(literal.Content.ToString(), bold, italic, false, link));
                        break;
                    case CodeInline code:
                        runs.Add(new DocRun(code.Content, bold, italic, true, link));
                        break;
                    case LineBreakInline:
                        runs.Add(new DocRun(" ", bold, italic, false, link));
                        break;
                    case HtmlEntityInline entity:
                        runs.Add(new DocRun(entity.Transcoded.ToString(), bold, italic, false, link));
                        break;
                    case AutolinkInline autolink:
                        runs.Add(new DocRun(autolink.Url, bold, italic, false, SafeLink(autolink.Url)));
                        break;
                    case ShortcodeInline shortcode:
                        runs.Add(new DocRun(InlineText(shortcode.Shortcode), bold, italic));
                        break;
                    case LinkInline { IsImage: true } image:
                        runs.Add(new DocRun(Plain(image), bold, italic));
                        break;
                    case LinkInline linkInline:
                        AddRuns(linkInline, runs, bold, italic, SafeLink(linkInline.Url));
                        break;
                    case EmphasisInline emphasis:
                        var strong = emphasis.DelimiterCount >= 2 && emphasis.DelimiterChar is '*' or '_';
                        var em = emphasis.DelimiterCount == 1 && emphasis.DelimiterChar is '*' or '_';
                        AddRuns(emphasis, runs, bold || strong, italic || em, link);
                        break;
                    case ContainerInline other:
                        AddRuns(other, runs, bold, italic, link);
                        break;
                }
            }
        }

        private static string Plain(ContainerInline container)
        {
            var text = new StringBuilder();
            foreach (var literal in container.Descendants<LiteralInline>())
            {
                text.Append(literal.Content.ToString());
            }
            return text.ToString();
        }

        private string InlineText(Shortcode shortcode) => ShortcodeResolver.Resolve(shortcode, facts, bodyId, labels) switch
        {
            TargetCard card => $"{card.Target.Name}: {labels.Measure(card.Target.BaselineValue, card.Target.Unit, card.Target.BaselineYear)} → {labels.Measure(card.Target.TargetValue, card.Target.Unit, card.Target.TargetYear)}",
            InitiativeTable table => string.Join(", ", table.Initiatives.Select(i => i.Title)),
            ShortcodeWarning warning => "⚠ " + warning.Message,
            _ => string.Empty,
        };

        /// <summary>Only web and mail links survive into documents (<see cref="HtmlPolicy.IsAllowedLink"/>); anything else (javascript:, data:, file paths) becomes plain text.</summary>
        private static string? SafeLink(string? url) => HtmlPolicy.IsAllowedLink(url) ? new Uri(url!.Trim()).AbsoluteUri : null;
    }
}
