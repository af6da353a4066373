using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Consultation;

/// <summary>One opinion's attachments read together: DOCX in process, PDF in the child, a note per file that gave no text.</summary>
[Trait("Category", "Integration")]
public sealed class AttachmentTextReaderTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task OnlySoManyPdfsOfOneOpinionAreReadAndTheRestAreNotedAsSkipped()
    {
        var options = Options.Create(new ConsultationOptions { PdfsPerOpinion = 1 });
        using var pdf = new PdfTextExtractor(options, NullLogger<PdfTextExtractor>.Instance);
        var reader = new AttachmentTextReader(pdf, options);

        var texts = await reader.ReadAsync([
            (AttachmentKind.Pdf, PdfFiles.Simple("first pdf is read")),
            (AttachmentKind.Docx, AttachmentTextTests.Docx("문서는 언제나 읽힙니다")),
            (AttachmentKind.Pdf, PdfFiles.Simple("second pdf is not")),
            (AttachmentKind.Png, Png.Create(2, 2)),
        ], Timeout);

        Assert.Equal("first pdf is read\n\n문서는 언제나 읽힙니다", texts.Text);
        Assert.Equal([null, null, AttachmentTextProblem.Skipped, null], texts.Problems);
    }
}
