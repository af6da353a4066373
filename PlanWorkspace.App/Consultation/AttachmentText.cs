using System.IO.Compression;
using System.Text;
using System.Xml;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// Plain text from an opinion's attachments, for the search: DOCX (word/document.xml, the text of its
/// w:t runs) and HWPX (Contents/section*.xml, its hp:t runs), one line per paragraph. Both are read
/// with a plain XmlReader straight from the zip, with DTDs prohibited, each part's declared and
/// actual unpacked size bounded and the text cut at <see cref="Opinion.MaxAttachmentTextLength"/>:
/// a zip bomb or an entity bomb costs a bounded read, and whatever a hostile file throws yields no
/// text rather than a failure. PDF is read in a child process (<see cref="PdfTextExtractor"/>,
/// ADR-017; <see cref="AttachmentTextReader"/> picks the reader); HWP 5 is a compressed binary record
/// format and is skipped; images have no text.
/// </summary>
public static class AttachmentText
{
    /// <summary>At most this much of one zip part is inflated.</summary>
    private const long MaxPartBytes = 20L * 1024 * 1024;
    private const int MaxParts = 200;

    /// <summary>The text of all the attachments, separated by blank lines, bounded; null when none has text.</summary>
    public static string? Of(IEnumerable<OpinionAttachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var builder = new StringBuilder();
        foreach (var attachment in attachments)
        {
            if (builder.Length >= Opinion.MaxAttachmentTextLength)
            {
                break;
            }
            if (Extract(attachment.Kind, attachment.Content, Opinion.MaxAttachmentTextLength - builder.Length) is { Length: > 0 } text)
            {
                builder.Append(text).Append("\n\n");
            }
        }
        var all = builder.ToString().Trim();
        return all.Length == 0 ? null : all;
    }

    /// <summary>The text of one file of <paramref name="kind"/>, at most <paramref name="limit"/> characters; empty when it has none or cannot be read.</summary>
    public static string Extract(AttachmentKind kind, byte[] content, int limit = Opinion.MaxAttachmentTextLength)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return kind switch
            {
                AttachmentKind.Docx => FromZip(content, name => name == "word/document.xml", limit),
                AttachmentKind.Hwpx => FromZip(content, name => name.StartsWith("Contents/section", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal), limit),
                _ => string.Empty,
            };
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException or InvalidOperationException or OverflowException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// The text runs (<c>t</c> elements) of the parts <paramref name="wanted"/> selects, in order,
    /// a line break after each paragraph (<c>p</c> element). Elements are matched by local name, so
    /// the usual prefixes (w: in DOCX, hp: in HWPX) or any other bound to the same names are read alike.
    /// </summary>
    private static string FromZip(byte[] content, Func<string, bool> wanted, int limit)
    {
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxParts)
        {
            return string.Empty;
        }
        var parts = zip.Entries.Where(e => wanted(e.FullName)).OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, MaxCharactersInDocument = MaxPartBytes };
        foreach (var part in parts)
        {
            if (part.Length > MaxPartBytes)
            {
                continue;
            }
            using var stream = new BoundedStream(part.Open(), MaxPartBytes);
            using var reader = XmlReader.Create(stream, settings);
            var inText = false;
            while (reader.Read() && builder.Length < limit)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.LocalName == "t":
                        inText = !reader.IsEmptyElement;
                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "t":
                        inText = false;
                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "p":
                        builder.Append('\n');
                        break;
                    case XmlNodeType.Element when reader.LocalName is "tab":
                        builder.Append(' ');
                        break;
                    case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                        builder.Append(reader.Value);
                        break;
                }
            }
        }
        var text = builder.ToString();
        return (text.Length <= limit ? text : text[..limit]).Trim();
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of the inner stream, then fails: a part that lies about its size is not inflated further.</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            return _read > limit ? throw new InvalidDataException("The part unpacks to more than it may.") : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
