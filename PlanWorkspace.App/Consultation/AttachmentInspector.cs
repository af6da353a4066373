using System.IO.Compression;
using System.Text;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// Decides what a file is from its first bytes, never from its name or the browser's content type:
/// PDF, PNG and JPEG by their signatures; HWP 5 by the OLE compound-file signature and the
/// "HWP Document File" header; HWPX and DOCX by their ZIP entries (only the small <c>mimetype</c>
/// entry is read, so a ZIP bomb is never inflated).
/// </summary>
public static class AttachmentInspector
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] HwpHeader = "HWP Document File"u8.ToArray();

    /// <summary>The kind of <paramref name="content"/>, or null when it is none of the accepted kinds.</summary>
    public static AttachmentKind? Identify(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Pdf))
        {
            return AttachmentKind.Pdf;
        }
        if (content.StartsWith(Png))
        {
            return AttachmentKind.Png;
        }
        if (content.StartsWith(Jpeg))
        {
            return AttachmentKind.Jpeg;
        }
        if (content.StartsWith(Ole))
        {
            // The FileHeader stream of an HWP 5 file begins with this text; it sits in one of the first sectors.
            return content[..Math.Min(content.Length, 1 << 20)].IndexOf(HwpHeader) >= 0 ? AttachmentKind.Hwp : null;
        }
        if (content.StartsWith(Zip))
        {
            return IdentifyZip(content.ToArray());
        }
        return null;
    }

    private static AttachmentKind? IdentifyZip(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("mimetype") is { Length: < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var type = new string(reader.ReadToEnd().Take(100).ToArray()).Trim();
                return type == "application/hwp+zip" ? AttachmentKind.Hwpx : null;
            }
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null ? AttachmentKind.Docx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
