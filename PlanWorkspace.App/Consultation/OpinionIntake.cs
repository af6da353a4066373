using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>An uploaded file as the form gives it.</summary>
public sealed record UploadedFile(string? FileName, long Length, Func<Stream> Open);

/// <summary>The opinion form's fields as posted, unchecked.</summary>
public sealed record OpinionForm(
    string? Name,
    string? Institution,
    string? Category,
    string? Email,
    string? Section,
    string? Quote,
    string? Anchor,
    string? Text,
    string? Honeypot,
    IReadOnlyList<UploadedFile> Files);

/// <summary>
/// Takes an opinion from the public form: checks every field, the attachments by content, the
/// honeypot and the per-address and per-e-mail limits, then stores the opinion and its files in one
/// transaction with the next receipt number. A refused submission stores nothing.
/// </summary>
public sealed class OpinionIntake(
    IDbContextFactory<PlanDbContext> dbFactory,
    SubmissionThrottle throttle,
    AttachmentTextReader attachmentText,
    IOptions<ConsultationOptions> options,
    TimeProvider clock,
    ILogger<OpinionIntake> logger)
{

    /// <summary>The HTTP status the form's answer carries for <paramref name="refusal"/>.</summary>
    public static int StatusOf(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Code switch
        {
            var c when c == Refusals.Intake.NotFound.Code => StatusCodes.Status404NotFound,
            var c when c == Refusals.Intake.Closed.Code => StatusCodes.Status409Conflict,
            var c when c == Refusals.Intake.TooManyFromAddress.Code || c == Refusals.Intake.TooManyFromEmail.Code => StatusCodes.Status429TooManyRequests,
            var c when c == Refusals.Intake.Busy.Code => StatusCodes.Status503ServiceUnavailable,
            var c when c == Refusals.Intake.FileTooLarge.Code => StatusCodes.Status413PayloadTooLarge,
            var c when c == Refusals.Intake.FileType.Code => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>Stores the opinion and answers its receipt number, or refuses it (see <see cref="StatusOf"/>); a refusal stores nothing.</summary>
    public async Task<Result<string>> SubmitAsync(string slug, OpinionForm form, string clientAddress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var limits = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = Slug.IsValid(slug) ? await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct) : null;
        if (consultation is null || !consultation.IsPublic)
        {
            return Refusals.Intake.NotFound;
        }
        if (!string.IsNullOrEmpty(form.Honeypot))
        {
            return Refusals.Intake.Spam;
        }
        var now = clock.GetUtcNow();
        if (!consultation.AcceptsOpinionsAt(now))
        {
            return Refusals.Intake.Closed;
        }
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id).ToListAsync(ct);
        var checkedFields = CheckFields(form, sections);
        if (checkedFields.Refusal is { } fieldError)
        {
            return fieldError;
        }
        var (submission, _) = checkedFields;
        var files = await ReadFilesAsync(form.Files, limits, ct);
        if (files.Refusal is { } fileError)
        {
            return fileError;
        }

        if (!throttle.TryReserve(clientAddress, limits.OpinionsPerIp, limits.LimitWindow, out var slot))
        {
            return Refusals.Intake.TooManyFromAddress;
        }
        try
        {
            var since = now - limits.LimitWindow;
            var email = submission!.Email!;
            var fromEmail = await db.Set<Opinion>().CountAsync(o => o.ConsultationId == consultation.Id && o.Email == email && o.ReceivedAt >= since, ct);
            if (fromEmail >= limits.OpinionsPerEmail)
            {
                throttle.Release(clientAddress, slot);
                return Refusals.Intake.TooManyFromEmail;
            }
            var institutionId = submission.Institution is { } name
                ? await db.Set<Institution>().Where(i => i.Name == name).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct)
                : null;
            var receipt = await SaveAsync(consultation.Id, submission with { InstitutionId = institutionId }, files.Attachments, now, ct);
            if (receipt is null)
            {
                throttle.Release(clientAddress, slot);
                return Refusals.Intake.Busy;
            }
            return receipt;
        }
        catch
        {
            throttle.Release(clientAddress, slot);
            throw;
        }
    }

    /// <summary>Saves with the next receipt number; retries when another submission took the same number first.</summary>
    private async Task<string?> SaveAsync(int consultationId, OpinionSubmission submission, IReadOnlyList<OpinionAttachment> attachments, DateTimeOffset now, CancellationToken ct)
    {
        // Extracted once, outside the retries and the transaction: the search reads the attachments'
        // text with the opinion's, and a PDF may take seconds (ADR-017).
        var texts = await attachmentText.ReadAsync(attachments.Select(a => (a.Kind, a.Content)).ToList(), ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var consultation = await db.Set<PublicConsultation>().FirstAsync(c => c.Id == consultationId, ct);
            try
            {
                var opinion = Opinion.FromWeb(consultation, submission, now);
                for (var i = 0; i < attachments.Count; i++)
                {
                    var attachment = new OpinionAttachment(attachments[i].FileName, attachments[i].Kind, attachments[i].Content);
                    attachment.NoteTextProblem(texts.ProblemAt(i));
                    opinion.Attach(attachment);
                }
                opinion.IndexAttachmentText(texts.Text);
                db.Add(opinion);
                await db.SaveChangesAsync(ct);
                return opinion.ReceiptNumber;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogDebug("Receipt number race on consultation {Id}; retrying.", consultationId);
            }
        }
        return null;
    }

    private static (OpinionSubmission? Submission, Refusal? Refusal) CheckFields(OpinionForm form, IReadOnlyList<ConsultationSection> sections)
    {
        var name = form.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return (null, Refusals.Intake.NameRequired);
        }
        if (name.Length > Opinion.MaxNameLength)
        {
            return (null, Refusals.Intake.NameTooLong.With(Opinion.MaxNameLength));
        }
        var institution = form.Institution?.Trim();
        if (institution?.Length > Opinion.MaxInstitutionLength)
        {
            return (null, Refusals.Intake.InstitutionTooLong.With(Opinion.MaxInstitutionLength));
        }
        if (!Enum.TryParse<InstitutionCategory>(form.Category, ignoreCase: false, out var category) || !Enum.IsDefined(category) || int.TryParse(form.Category, out _))
        {
            return (null, Refusals.Intake.CategoryInvalid);
        }
        var email = form.Email?.Trim();
        if (!EmailAddress.IsValid(email))
        {
            return (null, Refusals.Intake.EmailInvalid);
        }
        ConsultationSection? section = null;
        if (!string.IsNullOrEmpty(form.Section))
        {
            section = int.TryParse(form.Section, out var ordinal) ? sections.FirstOrDefault(s => s.Ordinal == ordinal) : null;
            if (section is null)
            {
                return (null, Refusals.Intake.SectionInvalid);
            }
        }
        var quote = string.IsNullOrWhiteSpace(form.Quote) ? null : form.Quote.Trim();
        if (quote?.Length > Opinion.MaxQuoteLength)
        {
            return (null, Refusals.Intake.QuoteTooLong.With(Opinion.MaxQuoteLength));
        }
        string? anchor = null;
        if (quote is not null && !string.IsNullOrEmpty(form.Anchor))
        {
            // The anchor must name a paragraph of the frozen draft; it decides the section when none was chosen.
            if (!ParagraphAnchor.TryParse(form.Anchor, out var s, out var p)
                || sections.FirstOrDefault(x => x.Ordinal == s) is not { } anchored || p > anchored.Paragraphs
                || (section is not null && section.Ordinal != s))
            {
                return (null, Refusals.Intake.AnchorInvalid);
            }
            anchor = form.Anchor;
            section ??= anchored;
        }
        var text = form.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, Refusals.Intake.TextRequired);
        }
        if (text.Length > Opinion.MaxTextLength)
        {
            return (null, Refusals.Intake.TextTooLong.With(Opinion.MaxTextLength));
        }
        return (new OpinionSubmission(name, string.IsNullOrEmpty(institution) ? null : institution, null, category, email, section?.SectionId, quote, anchor, text), null);
    }

    private sealed record CheckedFile(string? FileName, AttachmentKind Kind, byte[] Content);

    private static async Task<(IReadOnlyList<OpinionAttachment> Attachments, Refusal? Refusal)> ReadFilesAsync(IReadOnlyList<UploadedFile> files, ConsultationOptions limits, CancellationToken ct)
    {
        var chosen = files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (chosen.Count > Opinion.MaxAttachments)
        {
            return ([], Refusals.Intake.TooManyFiles.With(Opinion.MaxAttachments));
        }
        var result = new List<OpinionAttachment>();
        foreach (var file in chosen)
        {
            var name = OpinionAttachment.SafeName(file.FileName);
            if (file.Length == 0)
            {
                return ([], Refusals.Intake.FileEmpty.With(name));
            }
            if (file.Length > limits.MaxAttachmentBytes)
            {
                return ([], Refusals.Intake.FileTooLarge.With(name, limits.MaxAttachmentBytes / (1024 * 1024)));
            }
            var content = new byte[file.Length];
            await using (var stream = file.Open())
            {
                await stream.ReadExactlyAsync(content, ct);
            }
            if (AttachmentInspector.Identify(content) is not { } kind)
            {
                return ([], Refusals.Intake.FileType.With(name));
            }
            result.Add(new OpinionAttachment(name, kind, content));
        }
        return (result, null);
    }
}
