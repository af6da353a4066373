using System.Text;
using Microsoft.Extensions.Options;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>The text of an opinion's attachments for the search, and per file (in order) why none could be read.</summary>
public sealed record AttachmentTexts(string? Text, IReadOnlyList<AttachmentTextProblem?> Problems)
{
    public static AttachmentTexts None { get; } = new(null, []);

    /// <summary>The problem noted for the file at <paramref name="index"/>; null when it was read or has no text to read.</summary>
    public AttachmentTextProblem? ProblemAt(int index) => index < Problems.Count ? Problems[index] : null;
}

/// <summary>
/// Reads the text of an opinion's attachments once, before the opinion is saved: DOCX and HWPX in
/// this process (<see cref="AttachmentText"/>, bounded zip and XML reads), PDF in a child process
/// (<see cref="PdfTextExtractor"/>, ADR-017). The text is cut at <see cref="Opinion.MaxAttachmentTextLength"/>
/// over all files; at most <see cref="ConsultationOptions.PdfsPerOpinion"/> PDFs of one opinion are read.
/// </summary>
public sealed class AttachmentTextReader(PdfTextExtractor pdf, IOptions<ConsultationOptions> options)
{
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<AttachmentTexts> ReadAsync(IReadOnlyList<(AttachmentKind Kind, byte[] Content)> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var builder = new StringBuilder();
        var problems = new AttachmentTextProblem?[files.Count];
        var pdfs = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var (kind, content) = files[i];
            var room = Opinion.MaxAttachmentTextLength - builder.Length;
            string text;
            if (kind == AttachmentKind.Pdf)
            {
                if (room <= 0 || ++pdfs > options.Value.PdfsPerOpinion)
                {
                    problems[i] = AttachmentTextProblem.Skipped;
                    continue;
                }
                var result = await pdf.ExtractAsync(content, room, ct);
                problems[i] = result.Problem;
                text = result.Text;
            }
            else
            {
                text = room > 0 ? AttachmentText.Extract(kind, content, room) : string.Empty;
            }
            if (text.Length > 0)
            {
                builder.Append(text).Append("\n\n");
            }
        }
        var all = builder.ToString().Trim();
        return new AttachmentTexts(all.Length == 0 ? null : all, problems);
    }
}
