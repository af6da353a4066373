using System.Globalization;
using System.Xml;

namespace PlanWorkspace.App.Export;

/// <summary>HWPX <c>section0.xml</c>: the body — page setup, headings, paragraphs, list items and tables.</summary>
public sealed partial class HwpxExporter
{
    private static void WriteSection(XmlWriter w, PlanDocument document)
    {
        var ids = new IdSource();
        w.WriteStartElement("hs", "sec", Hs);
        w.WriteAttributeString("xmlns", "hp", null, Hp);
        w.WriteAttributeString("xmlns", "hc", null, Hc);

        var first = true;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DocHeading heading:
                    var headingChar = heading.Level switch { 1 => Chars.Heading1, 2 => Chars.Heading2, 3 => Chars.Heading3, _ => Chars.Heading4 };
                    Paragraph(w, ids, Paras.Heading, [(headingChar, heading.Text)], ref first);
                    break;
                case DocParagraph paragraph:
                    var (para, runs) = ParagraphShape(paragraph);
                    Paragraph(w, ids, para, runs, ref first);
                    break;
                case DocTable table:
                    TableParagraph(w, ids, table, ref first);
                    break;
            }
        }
        if (first)
        {
            Paragraph(w, ids, Paras.Normal, [(Chars.Normal, string.Empty)], ref first);
        }
        w.WriteEndElement();
    }

    private static (int Para, List<(int Char, string Text)> Runs) ParagraphShape(DocParagraph paragraph)
    {
        var runs = new List<(int, string)>();
        if (paragraph.Marker is { } marker)
        {
            runs.Add((Chars.Normal, marker + " "));
        }
        foreach (var run in paragraph.Runs)
        {
            var shape = paragraph.Kind switch
            {
                DocParagraphKind.Title => Chars.Title,
                DocParagraphKind.Subtitle => Chars.Subtitle,
                DocParagraphKind.Warning => Chars.Warning,
                _ when run.Code => Chars.Code,
                _ when run.Bold && run.Italic => Chars.BoldItalic,
                _ when run.Bold => Chars.Bold,
                _ when run.Italic => Chars.Italic,
                _ => Chars.Normal,
            };
            runs.Add((shape, run.Link is null ? run.Text : $"{run.Text} ({run.Link})"));
        }
        var para = paragraph.Kind switch
        {
            DocParagraphKind.Title or DocParagraphKind.Subtitle => Paras.Center,
            DocParagraphKind.Quote => 6,
            DocParagraphKind.Code => 7,
            _ when paragraph.Marker is not null => Paras.FirstIndent + Math.Clamp(paragraph.Indent, 1, Paras.MaxIndent - Paras.FirstIndent + 1) - 1,
            _ when paragraph.Indent > 0 => 6,
            _ => Paras.Normal,
        };
        return (para, runs);
    }

    private static void Paragraph(XmlWriter w, IdSource ids, int paraShape, IReadOnlyList<(int Char, string Text)> runs, ref bool first)
    {
        StartParagraph(w, ids, paraShape);
        if (first)
        {
            // Hangul keeps the section's page setup in a run of its own at the start of the first paragraph.
            w.WriteStartElement("hp", "run", Hp);
            Attrs(w, ("charPrIDRef", "0"));
            WriteSectionSetup(w);
            w.WriteEndElement();
            first = false;
        }
        IReadOnlyList<(int Char, string Text)> written = runs.Count == 0 ? [(Chars.Normal, string.Empty)] : runs;
        foreach (var (shape, text) in written)
        {
            w.WriteStartElement("hp", "run", Hp);
            Attrs(w, ("charPrIDRef", shape.ToString(CultureInfo.InvariantCulture)));
            w.WriteElementString("hp", "t", Hp, DocText.Clean(text));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void StartParagraph(XmlWriter w, IdSource ids, int paraShape)
    {
        w.WriteStartElement("hp", "p", Hp);
        Attrs(w, ("id", ids.Next()), ("paraPrIDRef", paraShape.ToString(CultureInfo.InvariantCulture)), ("styleIDRef", "0"),
            ("pageBreak", "0"), ("columnBreak", "0"), ("merged", "0"));
    }

    private static void TableParagraph(XmlWriter w, IdSource ids, DocTable table, ref bool first)
    {
        if (first)
        {
            Paragraph(w, ids, Paras.Normal, [(Chars.Normal, string.Empty)], ref first);
        }
        var columns = Math.Max(1, Math.Max(table.Header.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count)));
        var rows = new List<(IReadOnlyList<string> Cells, bool Header)>();
        if (table.Header.Count > 0)
        {
            rows.Add((table.Header, true));
        }
        rows.AddRange(table.Rows.Select(r => (r, false)));
        var cellWidth = TextWidth / columns;
        const int CellHeight = 1800;

        StartParagraph(w, ids, Paras.Normal);
        w.WriteStartElement("hp", "run", Hp);
        Attrs(w, ("charPrIDRef", "0"));
        w.WriteStartElement("hp", "tbl", Hp);
        Attrs(w, ("id", ids.Next()), ("zOrder", "0"), ("numberingType", "TABLE"), ("textWrap", "TOP_AND_BOTTOM"), ("textFlow", "BOTH_SIDES"),
            ("lock", "0"), ("dropcapstyle", "None"), ("pageBreak", "CELL"), ("repeatHeader", table.Header.Count > 0 ? "1" : "0"),
            ("rowCnt", rows.Count.ToString(CultureInfo.InvariantCulture)), ("colCnt", columns.ToString(CultureInfo.InvariantCulture)),
            ("cellSpacing", "0"), ("borderFillIDRef", "3"), ("noAdjust", "0"));
        Empty(w, Hp, "hp", "sz", ("width", (cellWidth * columns).ToString(CultureInfo.InvariantCulture)), ("widthRelTo", "ABSOLUTE"),
            ("height", (CellHeight * Math.Max(rows.Count, 1)).ToString(CultureInfo.InvariantCulture)), ("heightRelTo", "ABSOLUTE"), ("protect", "0"));
        Empty(w, Hp, "hp", "pos", ("treatAsChar", "1"), ("affectLSpacing", "0"), ("flowWithText", "1"), ("allowOverlap", "0"), ("holdAnchorAndSO", "0"),
            ("vertRelTo", "PARA"), ("horzRelTo", "COLUMN"), ("vertAlign", "TOP"), ("horzAlign", "LEFT"), ("vertOffset", "0"), ("horzOffset", "0"));
        Empty(w, Hp, "hp", "outMargin", ("left", "283"), ("right", "283"), ("top", "283"), ("bottom", "283"));
        Empty(w, Hp, "hp", "inMargin", ("left", "510"), ("right", "510"), ("top", "141"), ("bottom", "141"));
        for (var r = 0; r < rows.Count; r++)
        {
            w.WriteStartElement("hp", "tr", Hp);
            for (var c = 0; c < columns; c++)
            {
                var text = c < rows[r].Cells.Count ? rows[r].Cells[c] : string.Empty;
                w.WriteStartElement("hp", "tc", Hp);
                Attrs(w, ("name", string.Empty), ("header", rows[r].Header ? "1" : "0"), ("hasMargin", "0"), ("protect", "0"), ("editable", "0"),
                    ("dirty", "1"), ("borderFillIDRef", rows[r].Header ? "4" : "3"));
                w.WriteStartElement("hp", "subList", Hp);
                Attrs(w, ("id", string.Empty), ("textDirection", "HORIZONTAL"), ("lineWrap", "BREAK"), ("vertAlign", "CENTER"), ("linkListIDRef", "0"),
                    ("linkListNextIDRef", "0"), ("textWidth", "0"), ("textHeight", "0"), ("hasTextRef", "0"), ("hasNumRef", "0"));
                var cellFirst = false;
                Paragraph(w, ids, Paras.Cell, [(rows[r].Header ? Chars.TableHeader : Chars.TableCell, text)], ref cellFirst);
                w.WriteEndElement(); // subList
                Empty(w, Hp, "hp", "cellAddr", ("colAddr", c.ToString(CultureInfo.InvariantCulture)), ("rowAddr", r.ToString(CultureInfo.InvariantCulture)));
                Empty(w, Hp, "hp", "cellSpan", ("colSpan", "1"), ("rowSpan", "1"));
                Empty(w, Hp, "hp", "cellSz", ("width", cellWidth.ToString(CultureInfo.InvariantCulture)), ("height", CellHeight.ToString(CultureInfo.InvariantCulture)));
                Empty(w, Hp, "hp", "cellMargin", ("left", "510"), ("right", "510"), ("top", "141"), ("bottom", "141"));
                w.WriteEndElement(); // tc
            }
            w.WriteEndElement(); // tr
        }
        w.WriteEndElement(); // tbl
        w.WriteElementString("hp", "t", Hp, string.Empty);
        w.WriteEndElement(); // run
        w.WriteEndElement(); // p
    }

    /// <summary>The section's page setup (A4 portrait, Hangul's default margins) and a single column, in the first run.</summary>
    private static void WriteSectionSetup(XmlWriter w)
    {
        w.WriteStartElement("hp", "secPr", Hp);
        Attrs(w, ("id", string.Empty), ("textDirection", "HORIZONTAL"), ("spaceColumns", "1134"), ("tabStop", "8000"), ("tabStopVal", "4000"),
            ("tabStopUnit", "HWPUNIT"), ("outlineShapeIDRef", "1"), ("memoShapeIDRef", "0"), ("textVerticalWidthHead", "0"), ("masterPageCnt", "0"));
        Empty(w, Hp, "hp", "grid", ("lineGrid", "0"), ("charGrid", "0"), ("wonggojiFormat", "0"));
        Empty(w, Hp, "hp", "startNum", ("pageStartsOn", "BOTH"), ("page", "0"), ("pic", "0"), ("tbl", "0"), ("equation", "0"));
        Empty(w, Hp, "hp", "visibility", ("hideFirstHeader", "0"), ("hideFirstFooter", "0"), ("hideFirstMasterPage", "0"), ("border", "SHOW_ALL"),
            ("fill", "SHOW_ALL"), ("hideFirstPageNum", "0"), ("hideFirstEmptyLine", "0"), ("showLineNumber", "0"));
        Empty(w, Hp, "hp", "lineNumberShape", ("restartType", "0"), ("countBy", "0"), ("distance", "0"), ("startNumber", "0"));
        w.WriteStartElement("hp", "pagePr", Hp);
        Attrs(w, ("landscape", "WIDELY"), ("width", PageWidth.ToString(CultureInfo.InvariantCulture)), ("height", PageHeight.ToString(CultureInfo.InvariantCulture)), ("gutterType", "LEFT_ONLY"));
        Empty(w, Hp, "hp", "margin", ("header", "4252"), ("footer", "4252"), ("gutter", "0"), ("left", PageMargin.ToString(CultureInfo.InvariantCulture)),
            ("right", PageMargin.ToString(CultureInfo.InvariantCulture)), ("top", "5668"), ("bottom", "4252"));
        w.WriteEndElement();
        foreach (var (name, place, length) in new[] { ("footNotePr", "EACH_COLUMN", "-1"), ("endNotePr", "END_OF_DOCUMENT", "14692344") })
        {
            w.WriteStartElement("hp", name, Hp);
            Empty(w, Hp, "hp", "autoNumFormat", ("type", "DIGIT"), ("userChar", string.Empty), ("prefixChar", string.Empty), ("suffixChar", ")"), ("supscript", "0"));
            Empty(w, Hp, "hp", "noteLine", ("length", length), ("type", "SOLID"), ("width", "0.12 mm"), ("color", "#000000"));
            Empty(w, Hp, "hp", "noteSpacing", ("betweenNotes", "283"), ("belowLine", "567"), ("aboveLine", "850"));
            Empty(w, Hp, "hp", "numbering", ("type", "CONTINUOUS"), ("newNum", "1"));
            Empty(w, Hp, "hp", "placement", ("place", place), ("beneathText", "0"));
            w.WriteEndElement();
        }
        foreach (var type in new[] { "BOTH", "EVEN", "ODD" })
        {
            w.WriteStartElement("hp", "pageBorderFill", Hp);
            Attrs(w, ("type", type), ("borderFillIDRef", "1"), ("textBorder", "PAPER"), ("headerInside", "0"), ("footerInside", "0"), ("fillArea", "PAPER"));
            Empty(w, Hp, "hp", "offset", ("left", "1417"), ("right", "1417"), ("top", "1417"), ("bottom", "1417"));
            w.WriteEndElement();
        }
        w.WriteEndElement(); // secPr
        w.WriteStartElement("hp", "ctrl", Hp);
        Empty(w, Hp, "hp", "colPr", ("id", string.Empty), ("type", "NEWSPAPER"), ("layout", "LEFT"), ("colCount", "1"), ("sameSz", "1"), ("sameGap", "0"));
        w.WriteEndElement();
    }

    /// <summary>Paragraph and object ids, unique within the section.</summary>
    private sealed class IdSource
    {
        private long _next = 1_000_000_000;
        public string Next() => (_next++).ToString(CultureInfo.InvariantCulture);
    }
}
