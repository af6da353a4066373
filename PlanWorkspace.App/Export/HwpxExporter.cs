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
/// This file writes the package around them; <c>header.xml</c> is in HwpxExporter.Header.cs and
/// <c>section0.xml</c> in HwpxExporter.Section.cs.
/// </summary>
public sealed partial class HwpxExporter : IPlanExporter
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
}
