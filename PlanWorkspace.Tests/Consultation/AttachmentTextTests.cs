using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.Tests.Consultation;

/// <summary>Text from DOCX and HWPX attachments for the search, bounded, and nothing from a hostile file.</summary>
public sealed class AttachmentTextTests
{
    /// <summary>A real DOCX written with the OpenXml SDK, one paragraph per line.</summary>
    internal static byte[] Docx(params string[] paragraphs)
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })))));
        }
        return buffer.ToArray();
    }

    /// <summary>An HWPX as Hancom writes its skeleton: mimetype first, the text in Contents/section0.xml as hp:p/hp:run/hp:t.</summary>
    internal static byte[] Hwpx(params string[] paragraphs)
    {
        var body = string.Concat(paragraphs.Select(p => $"<hp:p><hp:run><hp:t>{System.Security.SecurityElement.Escape(p)}</hp:t></hp:run></hp:p>"));
        return Zip(("mimetype", "application/hwp+zip"),
            ("Contents/section0.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><hs:sec xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\">{body}</hs:sec>"));
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public void ADocxGivesItsParagraphsAsLines()
    {
        var text = AttachmentText.Extract(AttachmentKind.Docx, Docx("첫 문단: 양자내성암호 전환 로드맵", "둘째 문단 <script>alert(1)</script>"));
        Assert.Equal("첫 문단: 양자내성암호 전환 로드맵\n둘째 문단 <script>alert(1)</script>", text);
    }

    [Fact]
    public void AnHwpxGivesTheTextOfItsSections()
    {
        Assert.Equal("한글 문서의 의견\n두 번째 줄", AttachmentText.Extract(AttachmentKind.Hwpx, Hwpx("한글 문서의 의견", "두 번째 줄")));
    }

    [Fact]
    public void SeveralAttachmentsAreJoinedAndCutAtTheLimitAndAnImageOrHwpGivesNothing()
    {
        var long1 = Docx(new string('가', 40_000));
        var long2 = Hwpx(new string('나', 40_000));
        var text = AttachmentText.Of([
            new OpinionAttachment("a.png", AttachmentKind.Png, [0x89, 0x50]),
            new OpinionAttachment("a.docx", AttachmentKind.Docx, long1),
            new OpinionAttachment("b.hwpx", AttachmentKind.Hwpx, long2),
            new OpinionAttachment("c.hwp", AttachmentKind.Hwp, AttachmentInspectorTests.Hwp()),
        ]);
        Assert.NotNull(text);
        Assert.True(text.Length <= Opinion.MaxAttachmentTextLength);
        Assert.StartsWith(new string('가', 40_000), text);
        Assert.Contains('나', text);
        Assert.Null(AttachmentText.Of([new OpinionAttachment("a.pdf", AttachmentKind.Pdf, "%PDF-1.7"u8.ToArray())]));
    }

    public static TheoryData<string, byte[]> Hostile()
    {
        var entityBomb = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>";
        var external = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"x\"><w:p><w:t>&x;</w:t></w:p></w:document>";
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open();
            part.Write("<w:document xmlns:w=\"x\"><w:p><w:t>"u8);
            var filler = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 30; i++)
            {
                part.Write(filler);
            }
            part.Write("</w:t></w:p></w:document>"u8);
        }
        var valid = Docx("잘린 문서");
        return new TheoryData<string, byte[]>
        {
            { "entity bomb", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", entityBomb)) },
            { "external entity", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", external)) },
            { "30 MB part", bomb.ToArray() },
            { "truncated", valid[..(valid.Length / 2)] },
            { "not a zip", "PK\u0003\u0004 not really"u8.ToArray() },
            { "malformed xml", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document><w:t>열린 채")) },
        };
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void AHostileFileGivesNoTextAndNoException(string what, byte[] content)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal(string.Empty, AttachmentText.Extract(AttachmentKind.Docx, content));
    }
}
