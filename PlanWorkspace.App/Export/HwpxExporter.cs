using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// The plan as HWPX (KS X 6101 / OWPML), the open Hangul Office format, written by hand: a zip whose
/// first entry is <c>mimetype</c> (stored, <c>application/hwp+zip</c>), the OCF container and
/// manifest, <c>Contents/content.hpf</c> (the package: metadata, manifest, spine), <c>header.xml</c>
/// (fonts, character and paragraph shapes, styles) and one body section <c>section0.xml</c> whose
/// first paragraph carries the page setup (A4). Headings, paragraphs, list items and tables use
/// the shapes defined in the header; Hangul lays the text out on opening.
/// </summary>
public sealed class HwpxExporter : IPlanExporter
{
    public const string MimeType = "application/hwp+zip";

    private const string Hp = "http://www.hancom.co.kr/hwpml/2011/paragraph";
    private const string Hs = "http://www.hancom.co.kr/hwpml/2011/section";
    private const string Hh = "http://www.hancom.co.kr/hwpml/2011/head";
    private const string Hc = "http://www.hancom.co.kr/hwpml/2011/core";
    private const string Ha = "http://www.hancom.co.kr/hwpml/2011/app";
    private const string Hv = "http://www.hancom.co.kr/hwpml/2011/version";
    private const string Opf = "http://www.idpf.org/2007/opf/";

    // A4 in HWPUNIT (1/7200 inch) and the text width between the margins.
    private const int PageWidth = 59528;
    private const int PageHeight = 84186;
    private const int PageMargin = 8504;
    private const int TextWidth = PageWidth - 2 * PageMargin;

    /// <summary>Character shapes defined in header.xml, by id.</summary>
    private static class Chars
    {
        public const int Normal = 0, Bold = 1, Italic = 2, BoldItalic = 3, Code = 4, Title = 5, Subtitle = 6,
            Heading1 = 7, Heading2 = 8, Heading3 = 9, Heading4 = 10, Warning = 11, TableHeader = 12, TableCell = 13;
    }

    /// <summary>Paragraph shapes defined in header.xml, by id; 3 + n indents a list item n levels.</summary>
    private static class Paras
    {
        public const int Normal = 0, Center = 1, Heading = 2, FirstIndent = 3, MaxIndent = 5, Cell = 8;
    }

    public ExportFormat Format => ExportFormat.Hwpx;
    public string ContentType => "application/hwp+zip";
    public string Extension => "hwpx";

    public Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default) =>
        WriteDocumentAsync(PlanDocumentBuilder.Build(plan, labels), new DocMetadata(plan.Title, plan.Committee, plan.Vision, plan.VersionLabel ?? string.Empty, plan.AssembledAt),
            labels, output, ct);

    /// <summary>Writes any neutral document (the plan, or a consultation's results table) as HWPX.</summary>
    public async Task WriteDocumentAsync(PlanDocument document, DocMetadata metadata, PlanLabels labels, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(metadata);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // First and stored, so a reader recognises the format from the first bytes of the file.
            Add(zip, "mimetype", Encoding.ASCII.GetBytes(MimeType), CompressionLevel.NoCompression);
            Add(zip, "version.xml", Xml(WriteVersion));
            Add(zip, "META-INF/container.xml", Xml(WriteContainer));
            Add(zip, "META-INF/manifest.xml", Xml(w => w.WriteElementString("odf", "manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0", null)));
            Add(zip, "META-INF/container.rdf", Xml(WriteContainerRdf));
            Add(zip, "Contents/content.hpf", Xml(w => WriteContentHpf(w, metadata, labels)));
            Add(zip, "Contents/header.xml", Xml(WriteHeader));
            Add(zip, "Contents/section0.xml", Xml(w => WriteSection(w, document)));
            Add(zip, "settings.xml", Xml(WriteSettings));
            Add(zip, "Preview/PrvText.txt", Encoding.UTF8.GetBytes(Preview(document)));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
    }

    private static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument(standalone: true);
            write(writer);
            writer.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void WriteVersion(XmlWriter w)
    {
        w.WriteStartElement("hv", "HCFVersion", Hv);
        // "tagetApplication" is the attribute's real (misspelt) name in OWPML.
        Attrs(w, ("tagetApplication", "WORDPROCESSOR"), ("major", "5"), ("minor", "1"), ("micro", "0"), ("buildNumber", "0"),
            ("os", "1"), ("xmlVersion", "1.4"), ("application", "PlanWorkspace"), ("appVersion", "1.0"));
        w.WriteEndElement();
    }

    private static void WriteContainer(XmlWriter w)
    {
        const string Ocf = "urn:oasis:names:tc:opendocument:xmlns:container";
        w.WriteStartElement("ocf", "container", Ocf);
        w.WriteAttributeString("xmlns", "hpf", null, "http://www.hancom.co.kr/schema/2011/hpf");
        w.WriteStartElement("ocf", "rootfiles", Ocf);
        foreach (var (path, type) in new[] { ("Contents/content.hpf", "application/hwpml-package+xml"), ("Preview/PrvText.txt", "text/plain"), ("META-INF/container.rdf", "application/rdf+xml") })
        {
            w.WriteStartElement("ocf", "rootfile", Ocf);
            Attrs(w, ("full-path", path), ("media-type", type));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteContainerRdf(XmlWriter w)
    {
        const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        const string Pkg = "http://www.hancom.co.kr/hwpml/2016/meta/pkg#";
        w.WriteStartElement("rdf", "RDF", Rdf);
        foreach (var (part, type) in new[] { ("Contents/header.xml", "HeaderFile"), ("Contents/section0.xml", "SectionFile") })
        {
            w.WriteStartElement("rdf", "Description", Rdf);
            w.WriteAttributeString("rdf", "about", Rdf, string.Empty);
            w.WriteStartElement("ns0", "hasPart", Pkg);
            w.WriteAttributeString("rdf", "resource", Rdf, part);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("rdf", "Description", Rdf);
            w.WriteAttributeString("rdf", "about", Rdf, part);
            w.WriteStartElement("rdf", "type", Rdf);
            w.WriteAttributeString("rdf", "resource", Rdf, Pkg + type);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteStartElement("rdf", "Description", Rdf);
        w.WriteAttributeString("rdf", "about", Rdf, string.Empty);
        w.WriteStartElement("rdf", "type", Rdf);
        w.WriteAttributeString("rdf", "resource", Rdf, Pkg + "Document");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteContentHpf(XmlWriter w, DocMetadata plan, PlanLabels labels)
    {
        w.WriteStartElement("opf", "package", Opf);
        w.WriteAttributeString("xmlns", "hh", null, Hh);
        w.WriteAttributeString("xmlns", "hp", null, Hp);
        w.WriteAttributeString("xmlns", "hs", null, Hs);
        w.WriteAttributeString("xmlns", "hc", null, Hc);
        w.WriteAttributeString("xmlns", "dc", null, "http://purl.org/dc/elements/1.1/");
        Attrs(w, ("version", string.Empty), ("unique-identifier", string.Empty), ("id", string.Empty));
        w.WriteStartElement("opf", "metadata", Opf);
        w.WriteElementString("opf", "title", Opf, DocText.Clean(plan.Title));
        w.WriteElementString("opf", "language", Opf, labels.Culture.TwoLetterISOLanguageName);
        foreach (var (name, value) in new[]
                 {
                     ("creator", plan.Creator), ("subject", plan.Subject), ("description", plan.Description),
                     ("CreatedDate", plan.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                     ("ModifiedDate", plan.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                 })
        {
            w.WriteStartElement("opf", "meta", Opf);
            Attrs(w, ("name", name), ("content", "text"));
            w.WriteString(DocText.Clean(value));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteStartElement("opf", "manifest", Opf);
        foreach (var (id, href) in new[] { ("header", "Contents/header.xml"), ("section0", "Contents/section0.xml"), ("settings", "settings.xml") })
        {
            w.WriteStartElement("opf", "item", Opf);
            Attrs(w, ("id", id), ("href", href), ("media-type", "application/xml"));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteStartElement("opf", "spine", Opf);
        foreach (var id in new[] { "header", "section0" })
        {
            w.WriteStartElement("opf", "itemref", Opf);
            Attrs(w, ("idref", id), ("linear", "yes"));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteSettings(XmlWriter w)
    {
        w.WriteStartElement("ha", "HWPApplicationSetting", Ha);
        w.WriteAttributeString("xmlns", "config", null, "urn:oasis:names:tc:opendocument:xmlns:config:1.0");
        w.WriteStartElement("ha", "CaretPosition", Ha);
        Attrs(w, ("listIDRef", "0"), ("paraIDRef", "0"), ("pos", "0"));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    // ---- header.xml: fonts, border fills, character shapes, paragraph shapes, styles ----

    private static void WriteHeader(XmlWriter w)
    {
        w.WriteStartElement("hh", "head", Hh);
        w.WriteAttributeString("xmlns", "hc", null, Hc);
        w.WriteAttributeString("xmlns", "hp", null, Hp);
        Attrs(w, ("version", "1.4"), ("secCnt", "1"));
        Empty(w, Hh, "hh", "beginNum", ("page", "1"), ("footnote", "1"), ("endnote", "1"), ("pic", "1"), ("tbl", "1"), ("equation", "1"));
        w.WriteStartElement("hh", "refList", Hh);

        string[] langs = ["HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"];
        w.WriteStartElement("hh", "fontfaces", Hh);
        Attrs(w, ("itemCnt", langs.Length.ToString(CultureInfo.InvariantCulture)));
        foreach (var lang in langs)
        {
            w.WriteStartElement("hh", "fontface", Hh);
            Attrs(w, ("lang", lang), ("fontCnt", "2"));
            foreach (var (id, face, family) in new[] { ("0", "함초롬바탕", "FCAT_MYUNGJO"), ("1", "함초롬돋움", "FCAT_GOTHIC") })
            {
                w.WriteStartElement("hh", "font", Hh);
                Attrs(w, ("id", id), ("face", face), ("type", "TTF"), ("isEmbedded", "0"));
                Empty(w, Hh, "hh", "typeInfo", ("familyType", family), ("weight", "6"), ("proportion", "4"), ("contrast", "0"),
                    ("strokeVariation", "1"), ("armStyle", "1"), ("letterform", "1"), ("midline", "1"), ("xHeight", "1"));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("hh", "borderFills", Hh);
        Attrs(w, ("itemCnt", "4"));
        BorderFill(w, 1, "NONE", null);
        BorderFill(w, 2, "NONE", "none");
        BorderFill(w, 3, "SOLID", null);
        BorderFill(w, 4, "SOLID", "#EEF2F8");
        w.WriteEndElement();

        (int Id, int Height, bool Bold, bool Italic, int Font, string Color)[] chars =
        [
            (Chars.Normal, 1000, false, false, 0, "#000000"),
            (Chars.Bold, 1000, true, false, 0, "#000000"),
            (Chars.Italic, 1000, false, true, 0, "#000000"),
            (Chars.BoldItalic, 1000, true, true, 0, "#000000"),
            (Chars.Code, 950, false, false, 1, "#333333"),
            (Chars.Title, 2000, true, false, 1, "#000000"),
            (Chars.Subtitle, 1200, false, false, 1, "#333333"),
            (Chars.Heading1, 1600, true, false, 1, "#1A3D7C"),
            (Chars.Heading2, 1400, true, false, 1, "#000000"),
            (Chars.Heading3, 1200, true, false, 1, "#000000"),
            (Chars.Heading4, 1100, true, false, 1, "#000000"),
            (Chars.Warning, 1000, true, false, 1, "#B45309"),
            (Chars.TableHeader, 950, true, false, 1, "#000000"),
            (Chars.TableCell, 950, false, false, 0, "#000000"),
        ];
        w.WriteStartElement("hh", "charProperties", Hh);
        Attrs(w, ("itemCnt", chars.Length.ToString(CultureInfo.InvariantCulture)));
        foreach (var c in chars)
        {
            CharPr(w, c.Id, c.Height, c.Bold, c.Italic, c.Font, c.Color);
        }
        w.WriteEndElement();

        w.WriteStartElement("hh", "tabProperties", Hh);
        Attrs(w, ("itemCnt", "1"));
        Empty(w, Hh, "hh", "tabPr", ("id", "0"), ("autoTabLeft", "0"), ("autoTabRight", "0"));
        w.WriteEndElement();

        // The outline shape the section refers to (outlineShapeIDRef): Hangul's Korean outline levels.
        w.WriteStartElement("hh", "numberings", Hh);
        Attrs(w, ("itemCnt", "1"));
        w.WriteStartElement("hh", "numbering", Hh);
        Attrs(w, ("id", "1"), ("start", "0"));
        (string Format, string Text)[] levels =
            [("DIGIT", "^1."), ("HANGUL_SYLLABLE", "^2."), ("DIGIT", "^3)"), ("HANGUL_SYLLABLE", "^4)"), ("DIGIT", "(^5)"), ("HANGUL_SYLLABLE", "(^6)"), ("CIRCLED_DIGIT", "^7")];
        for (var level = 0; level < levels.Length; level++)
        {
            w.WriteStartElement("hh", "paraHead", Hh);
            Attrs(w, ("start", "1"), ("level", (level + 1).ToString(CultureInfo.InvariantCulture)), ("align", "LEFT"), ("useInstWidth", "1"), ("autoIndent", "1"),
                ("widthAdjust", "0"), ("textOffsetType", "PERCENT"), ("textOffset", "50"), ("numFormat", levels[level].Format), ("charPrIDRef", "4294967295"), ("checkable", "0"));
            w.WriteString(levels[level].Text);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("hh", "paraProperties", Hh);
        Attrs(w, ("itemCnt", "9"));
        ParaPr(w, Paras.Normal, "JUSTIFY", left: 0, indent: 0, before: 0, after: 600, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, Paras.Center, "CENTER", left: 0, indent: 0, before: 0, after: 800, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, Paras.Heading, "LEFT", left: 0, indent: 0, before: 1600, after: 600, keepWithNext: true, lineSpacing: 150);
        for (var level = 1; level <= Paras.MaxIndent - Paras.FirstIndent + 1; level++)
        {
            ParaPr(w, Paras.FirstIndent + level - 1, "JUSTIFY", left: 2000 * level, indent: -1400, before: 0, after: 300, keepWithNext: false, lineSpacing: 160);
        }
        ParaPr(w, 6, "JUSTIFY", left: 3000, indent: 0, before: 0, after: 300, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, 7, "LEFT", left: 1000, indent: 0, before: 0, after: 0, keepWithNext: false, lineSpacing: 130);
        ParaPr(w, Paras.Cell, "LEFT", left: 0, indent: 0, before: 0, after: 0, keepWithNext: false, lineSpacing: 130);
        w.WriteEndElement();

        w.WriteStartElement("hh", "styles", Hh);
        Attrs(w, ("itemCnt", "1"));
        Empty(w, Hh, "hh", "style", ("id", "0"), ("type", "PARA"), ("name", "바탕글"), ("engName", "Normal"), ("paraPrIDRef", "0"),
            ("charPrIDRef", "0"), ("nextStyleIDRef", "0"), ("langID", "1042"), ("lockForm", "0"));
        w.WriteEndElement();

        w.WriteEndElement(); // refList
        w.WriteStartElement("hh", "compatibleDocument", Hh);
        Attrs(w, ("targetProgram", "HWP201X"));
        Empty(w, Hh, "hh", "layoutCompatibility");
        w.WriteEndElement();
        w.WriteStartElement("hh", "docOption", Hh);
        Empty(w, Hh, "hh", "linkinfo", ("path", string.Empty), ("pageInherit", "0"), ("footnoteInherit", "0"));
        w.WriteEndElement();
        w.WriteEndElement(); // head
    }

    private static void BorderFill(XmlWriter w, int id, string line, string? fill)
    {
        w.WriteStartElement("hh", "borderFill", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("threeD", "0"), ("shadow", "0"), ("centerLine", "NONE"), ("breakCellSeparateLine", "0"));
        Empty(w, Hh, "hh", "slash", ("type", "NONE"), ("Crooked", "0"), ("isCounter", "0"));
        Empty(w, Hh, "hh", "backSlash", ("type", "NONE"), ("Crooked", "0"), ("isCounter", "0"));
        foreach (var side in new[] { "leftBorder", "rightBorder", "topBorder", "bottomBorder" })
        {
            Empty(w, Hh, "hh", side, ("type", line), ("width", "0.12 mm"), ("color", "#000000"));
        }
        Empty(w, Hh, "hh", "diagonal", ("type", "SOLID"), ("width", "0.1 mm"), ("color", "#000000"));
        if (fill is not null)
        {
            w.WriteStartElement("hc", "fillBrush", Hc);
            Empty(w, Hc, "hc", "winBrush", ("faceColor", fill), ("hatchColor", "#999999"), ("alpha", "0"));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void CharPr(XmlWriter w, int id, int height, bool bold, bool italic, int font, string color)
    {
        w.WriteStartElement("hh", "charPr", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("height", height.ToString(CultureInfo.InvariantCulture)), ("textColor", color),
            ("shadeColor", "none"), ("useFontSpace", "0"), ("useKerning", "0"), ("symMark", "NONE"), ("borderFillIDRef", "2"));
        var f = font.ToString(CultureInfo.InvariantCulture);
        Empty(w, Hh, "hh", "fontRef", ("hangul", f), ("latin", f), ("hanja", f), ("japanese", f), ("other", f), ("symbol", f), ("user", f));
        Empty(w, Hh, "hh", "ratio", ("hangul", "100"), ("latin", "100"), ("hanja", "100"), ("japanese", "100"), ("other", "100"), ("symbol", "100"), ("user", "100"));
        Empty(w, Hh, "hh", "spacing", ("hangul", "0"), ("latin", "0"), ("hanja", "0"), ("japanese", "0"), ("other", "0"), ("symbol", "0"), ("user", "0"));
        Empty(w, Hh, "hh", "relSz", ("hangul", "100"), ("latin", "100"), ("hanja", "100"), ("japanese", "100"), ("other", "100"), ("symbol", "100"), ("user", "100"));
        Empty(w, Hh, "hh", "offset", ("hangul", "0"), ("latin", "0"), ("hanja", "0"), ("japanese", "0"), ("other", "0"), ("symbol", "0"), ("user", "0"));
        if (italic)
        {
            Empty(w, Hh, "hh", "italic");
        }
        if (bold)
        {
            Empty(w, Hh, "hh", "bold");
        }
        Empty(w, Hh, "hh", "underline", ("type", "NONE"), ("shape", "SOLID"), ("color", "#000000"));
        Empty(w, Hh, "hh", "strikeout", ("shape", "NONE"), ("color", "#000000"));
        Empty(w, Hh, "hh", "outline", ("type", "NONE"));
        Empty(w, Hh, "hh", "shadow", ("type", "NONE"), ("color", "#C0C0C0"), ("offsetX", "10"), ("offsetY", "10"));
        w.WriteEndElement();
    }

    private static void ParaPr(XmlWriter w, int id, string align, int left, int indent, int before, int after, bool keepWithNext, int lineSpacing)
    {
        w.WriteStartElement("hh", "paraPr", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("tabPrIDRef", "0"), ("condense", "0"), ("fontLineHeight", "0"), ("snapToGrid", "1"),
            ("suppressLineNumbers", "0"), ("checked", "0"), ("textDir", "LTR"));
        Empty(w, Hh, "hh", "align", ("horizontal", align), ("vertical", "BASELINE"));
        Empty(w, Hh, "hh", "heading", ("type", "NONE"), ("idRef", "0"), ("level", "0"));
        Empty(w, Hh, "hh", "breakSetting", ("breakLatinWord", "KEEP_WORD"), ("breakNonLatinWord", "KEEP_WORD"), ("widowOrphan", "0"),
            ("keepWithNext", keepWithNext ? "1" : "0"), ("keepLines", "0"), ("pageBreakBefore", "0"), ("lineWrap", "BREAK"));
        Empty(w, Hh, "hh", "autoSpacing", ("eAsianEng", "0"), ("eAsianNum", "0"));
        // Hangul 2016+ reads the case (HWPUNIT per character unit); older readers the default, in twice the units.
        w.WriteStartElement("hp", "switch", Hp);
        w.WriteStartElement("hp", "case", Hp);
        w.WriteAttributeString("hp", "required-namespace", Hp, "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar");
        Margin(w, left, indent, before, after, lineSpacing);
        w.WriteEndElement();
        w.WriteStartElement("hp", "default", Hp);
        Margin(w, left * 2, indent * 2, before * 2, after * 2, lineSpacing);
        w.WriteEndElement();
        w.WriteEndElement();
        Empty(w, Hh, "hh", "border", ("borderFillIDRef", "2"), ("offsetLeft", "0"), ("offsetRight", "0"), ("offsetTop", "0"), ("offsetBottom", "0"),
            ("connect", "0"), ("ignoreMargin", "0"));
        w.WriteEndElement();
    }

    private static void Margin(XmlWriter w, int left, int indent, int before, int after, int lineSpacing)
    {
        w.WriteStartElement("hh", "margin", Hh);
        foreach (var (name, value) in new[] { ("intent", indent), ("left", left), ("right", 0), ("prev", before), ("next", after) })
        {
            Empty(w, Hc, "hc", name, ("value", value.ToString(CultureInfo.InvariantCulture)), ("unit", "HWPUNIT"));
        }
        w.WriteEndElement();
        Empty(w, Hh, "hh", "lineSpacing", ("type", "PERCENT"), ("value", lineSpacing.ToString(CultureInfo.InvariantCulture)), ("unit", "HWPUNIT"));
    }

    // ---- section0.xml: the body ----

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

    private static string Preview(PlanDocument document)
    {
        var text = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            var line = block switch
            {
                DocHeading h => h.Text,
                DocParagraph p => p.Text,
                _ => null,
            };
            if (line is not null)
            {
                text.Append(DocText.Clean(line)).Append("\r\n");
            }
            if (text.Length > 1000)
            {
                break;
            }
        }
        return text.ToString();
    }

    private static void Attrs(XmlWriter w, params (string Name, string Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            w.WriteAttributeString(name, value);
        }
    }

    private static void Empty(XmlWriter w, string ns, string prefix, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(prefix, name, ns);
        Attrs(w, attributes);
        w.WriteEndElement();
    }

    /// <summary>Paragraph and object ids, unique within the section.</summary>
    private sealed class IdSource
    {
        private long _next = 1_000_000_000;
        public string Next() => (_next++).ToString(CultureInfo.InvariantCulture);
    }
}
