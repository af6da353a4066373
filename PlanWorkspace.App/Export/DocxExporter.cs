using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using DocumentFormat.OpenXml;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// The plan as a Word document (DocumentFormat.OpenXml): Word's own Title and Heading 1–6 styles
/// (so the navigation pane and the TOC field work), a TOC field Word fills on opening, tables with
/// borders and a repeated header row, A4 pages, Korean fonts.
/// </summary>
public sealed class DocxExporter : IPlanExporter
{
    private const string KoreanFont = "맑은 고딕";
    private const string LatinFont = "Malgun Gothic";
    private const int TextWidthTwips = 9638; // A4 (11906) minus 2 × 1134 margins

    public ExportFormat Format => ExportFormat.Docx;
    public string ContentType => "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public string Extension => "docx";

    public Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default) =>
        WriteDocumentAsync(PlanDocumentBuilder.Build(plan, labels), labels, output, ct);

    /// <summary>Writes any neutral document (the plan, or a consultation's results table) as DOCX.</summary>
    public Task WriteDocumentAsync(PlanDocument document, PlanLabels labels, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (var package = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            package.PackageProperties.Title = DocText.Clean(document.Title);
            package.PackageProperties.Language = labels.Culture.Name;

            var body = new Body();
            foreach (var block in document.Blocks)
            {
                ct.ThrowIfCancellationRequested();
                switch (block)
                {
                    case DocHeading heading:
                        body.Append(Paragraph($"Heading{Math.Clamp(heading.Level, 1, 6)}", [new DocRun(heading.Text)], main));
                        break;
                    case DocParagraph paragraph:
                        body.Append(Paragraph(paragraph, main));
                        break;
                    case DocTable table:
                        body.Append(Table(table));
                        body.Append(new Paragraph());
                        break;
                    case DocTableOfContents:
                        body.Append(TocField(labels));
                        break;
                }
            }
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 709, Footer = 709, Gutter = 0 }));
            main.Document = new Document(body);
        }
        buffer.Position = 0;
        return buffer.CopyToAsync(output, ct);
    }

    private static Paragraph Paragraph(DocParagraph paragraph, MainDocumentPart main)
    {
        var style = paragraph.Kind switch
        {
            DocParagraphKind.Title => "Title",
            DocParagraphKind.Subtitle => "Subtitle",
            DocParagraphKind.Quote => "Quote",
            DocParagraphKind.Code => "Code",
            _ => null,
        };
        var runs = paragraph.Marker is { } marker ? [new DocRun(marker + " "), .. paragraph.Runs] : paragraph.Runs;
        var result = Paragraph(style, runs, main);
        if (paragraph.Indent > 0 || paragraph.Marker is not null)
        {
            var properties = result.ParagraphProperties ??= new ParagraphProperties();
            var left = 360 * Math.Max(paragraph.Indent, 1);
            properties.Append(new Indentation { Left = left.ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = paragraph.Marker is null ? null : "300" });
        }
        if (paragraph.Kind == DocParagraphKind.Warning)
        {
            foreach (var run in result.Descendants<RunProperties>())
            {
                run.Append(new Color { Val = "B45309" });
            }
        }
        return result;
    }

    private static Paragraph Paragraph(string? style, IEnumerable<DocRun> runs, MainDocumentPart main)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
        }
        foreach (var run in runs)
        {
            var element = Run(run);
            if (run.Link is { } link)
            {
                var relationship = main.AddHyperlinkRelationship(new Uri(link), true);
                element.RunProperties!.Append(new Color { Val = "1A3D7C" }, new Underline { Val = UnderlineValues.Single });
                paragraph.Append(new Hyperlink(element) { Id = relationship.Id });
            }
            else
            {
                paragraph.Append(element);
            }
        }
        return paragraph;
    }

    private static Run Run(DocRun run)
    {
        var properties = new RunProperties();
        if (run.Code)
        {
            properties.Append(new RunFonts { Ascii = "Consolas", HighAnsi = "Consolas", EastAsia = KoreanFont });
        }
        if (run.Bold)
        {
            properties.Append(new Bold());
        }
        if (run.Italic)
        {
            properties.Append(new Italic());
        }
        return new Run(properties, new Text(DocText.Clean(run.Text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Table(DocTable table)
    {
        var columns = Math.Max(1, Math.Max(table.Header.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count)));
        var width = TextWidthTwips / columns;
        var border = (BorderType b) => { b.Val = BorderValues.Single; b.Size = 4; b.Color = "808080"; return b; };
        var result = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder()))));
        result.Append(new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        if (table.Header.Count > 0)
        {
            result.Append(Row(table.Header, columns, header: true));
        }
        foreach (var row in table.Rows)
        {
            result.Append(Row(row, columns, header: false));
        }
        return result;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int columns, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }
        for (var i = 0; i < columns; i++)
        {
            var cell = new TableCell(new Paragraph(Run(new DocRun(i < cells.Count ? cells[i] : string.Empty, Bold: header))));
            if (header)
            {
                cell.PrependChild(new TableCellProperties(new Shading { Val = ShadingPatternValues.Clear, Fill = "EEF2F8", Color = "auto" }));
            }
            row.Append(cell);
        }
        return row;
    }

    /// <summary>A TOC field over Heading 1–3; Word computes it on opening (UpdateFieldsOnOpen).</summary>
    private static Paragraph TocField(PlanLabels labels) => new(
        new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
        new Run(new FieldCode(" TOC \\o \"1-3\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
        new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
        new Run(new Text(labels["Export.TocPlaceholder"])),
        new Run(new FieldChar { FieldCharType = FieldCharValues.End }));

    private static Styles Styles()
    {
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = KoreanFont, ComplexScript = LatinFont },
                    new FontSize { Val = "21" },
                    new Languages { Val = "ko-KR", EastAsia = "ko-KR" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "120", Line = "300", LineRule = LineSpacingRuleValues.Auto }))),
            ParagraphStyle("Normal", "Normal", null, null),
            ParagraphStyle("Title", "Title", 40, null, center: true),
            ParagraphStyle("Subtitle", "Subtitle", 24, null, center: true),
            ParagraphStyle("Quote", "Quote", null, null),
            ParagraphStyle("Code", "Code", 18, null));
        int[] sizes = [32, 28, 25, 23, 22, 21];
        for (var level = 1; level <= 6; level++)
        {
            styles.Append(ParagraphStyle($"Heading{level}", $"heading {level}", sizes[level - 1], level - 1));
        }
        styles.Append(new Style(new StyleName { Val = "Table Grid" }) { Type = StyleValues.Table, StyleId = "TableGrid" });
        return styles;
    }

    private static Style ParagraphStyle(string id, string name, int? halfPoints, int? outlineLevel, bool center = false)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id, Default = id == "Normal" ? true : null };
        if (id != "Normal")
        {
            style.Append(new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle());
        }
        var paragraph = new StyleParagraphProperties();
        if (outlineLevel is { } level)
        {
            paragraph.Append(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level });
        }
        if (center)
        {
            paragraph.Append(new Justification { Val = JustificationValues.Center });
        }
        if (paragraph.HasChildren)
        {
            style.Append(paragraph);
        }
        if (halfPoints is { } size)
        {
            var run = new StyleRunProperties();
            if (outlineLevel is not null || id == "Title")
            {
                run.Append(new Bold());
            }
            run.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            style.Append(run);
        }
        return style;
    }
}
