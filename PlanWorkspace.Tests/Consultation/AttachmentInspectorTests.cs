using System.IO.Compression;
using System.Text;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.Tests.Consultation;

public sealed class AttachmentInspectorTests
{
    internal static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.ASCII);
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    internal static byte[] Hwp()
    {
        var bytes = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        "HWP Document File"u8.ToArray().CopyTo(bytes, 1024);
        return bytes;
    }

    public static TheoryData<string, byte[], AttachmentKind> Accepted => new()
    {
        { "pdf", "%PDF-1.7\n..."u8.ToArray(), AttachmentKind.Pdf },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], AttachmentKind.Png },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], AttachmentKind.Jpeg },
        { "hwp", Hwp(), AttachmentKind.Hwp },
        { "hwpx", Zip(("mimetype", "application/hwp+zip"), ("Contents/section0.xml", "<x/>")), AttachmentKind.Hwpx },
        { "docx", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")), AttachmentKind.Docx },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptedKindsAreRecognisedByTheirContent(string what, byte[] content, AttachmentKind kind)
    {
        Assert.True(AttachmentInspector.Identify(content) == kind, what);
    }

    [Fact]
    public void AFileThatOnlyHasTheRightNameIsRefused()
    {
        Assert.Null(AttachmentInspector.Identify("MZ\u0090\0 this is a program"u8));
        Assert.Null(AttachmentInspector.Identify("<html><script>alert(1)</script>"u8));
    }

    [Fact]
    public void AnOleFileThatIsNotHwpAndAZipThatIsNeitherHwpxNorDocxAreRefused()
    {
        var ole = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);
        Assert.Null(AttachmentInspector.Identify(ole));
        Assert.Null(AttachmentInspector.Identify(Zip(("mimetype", "application/epub+zip"))));
        Assert.Null(AttachmentInspector.Identify(Zip(("readme.txt", "hello"))));
        Assert.Null(AttachmentInspector.Identify([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])); // a truncated ZIP
    }
}
