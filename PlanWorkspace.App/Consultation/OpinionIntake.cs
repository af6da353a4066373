using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Consultation;
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

/// <summary>The outcome of a submission: the receipt number, or a message key (with arguments) and the HTTP status of the refusal.</summary>
public sealed record IntakeResult(string? ReceiptNumber, string? Error, object[] Arguments, int Status)
{
    public bool Accepted => ReceiptNumber is not null;
    public static IntakeResult Refuse(string error, int status = StatusCodes.Status400BadRequest, params object[] arguments) => new(null, error, arguments, status);
}

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
    public const string NotFound = "Consult.Refuse.NotFound";
    public const string Closed = "Consult.Refuse.Closed";
    public const string Spam = "Consult.Refuse.Spam";
    public const string NameRequired = "Consult.Refuse.NameRequired";
    public const string NameTooLong = "Consult.Refuse.NameTooLong";
    public const string InstitutionTooLong = "Consult.Refuse.InstitutionTooLong";
    public const string CategoryInvalid = "Consult.Refuse.CategoryInvalid";
    public const string EmailInvalid = "Consult.Refuse.EmailInvalid";
    public const string SectionInvalid = "Consult.Refuse.SectionInvalid";
    public const string QuoteTooLong = "Consult.Refuse.QuoteTooLong";
    public const string AnchorInvalid = "Consult.Refuse.AnchorInvalid";
    public const string TextRequired = "Consult.Refuse.TextRequired";
    public const string TextTooLong = "Consult.Refuse.TextTooLong";
    public const string TooManyFiles = "Consult.Refuse.TooManyFiles";
    public const string FileTooLarge = "Consult.Refuse.FileTooLarge";
    public const string FileEmpty = "Consult.Refuse.FileEmpty";
    public const string FileType = "Consult.Refuse.FileType";
    public const string TooManyFromAddress = "Consult.Refuse.TooManyFromAddress";
    public const string TooManyFromEmail = "Consult.Refuse.TooManyFromEmail";
    public const string Busy = "Consult.Refuse.Busy";

    public async Task<IntakeResult> SubmitAsync(string slug, OpinionForm form, string clientAddress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var limits = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = Slug.IsValid(slug) ? await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct) : null;
        if (consultation is null || !consultation.IsPublic)
        {
            return IntakeResult.Refuse(NotFound, StatusCodes.Status404NotFound);
        }
        if (!string.IsNullOrEmpty(form.Honeypot))
        {
            return IntakeResult.Refuse(Spam);
        }
        var now = clock.GetUtcNow();
        if (!consultation.AcceptsOpinionsAt(now))
        {
            return IntakeResult.Refuse(Closed, StatusCodes.Status409Conflict);
        }
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id).ToListAsync(ct);
        var checkedFields = CheckFields(form, sections);
        if (checkedFields.Error is { } fieldError)
        {
            return fieldError;
        }
        var (submission, _) = checkedFields;
        var files = await ReadFilesAsync(form.Files, limits, ct);
        if (files.Error is { } fileError)
        {
            return fileError;
        }

        if (!throttle.TryReserve(clientAddress, limits.OpinionsPerIp, limits.LimitWindow, out var slot))
        {
            return IntakeResult.Refuse(TooManyFromAddress, StatusCodes.Status429TooManyRequests);
        }
        try
        {
            var since = now - limits.LimitWindow;
            var email = submission!.Email!;
            var fromEmail = await db.Set<Opinion>().CountAsync(o => o.ConsultationId == consultation.Id && o.Email == email && o.ReceivedAt >= since, ct);
            if (fromEmail >= limits.OpinionsPerEmail)
            {
                throttle.Release(clientAddress, slot);
                return IntakeResult.Refuse(TooManyFromEmail, StatusCodes.Status429TooManyRequests);
            }
            var institutionId = submission.Institution is { } name
                ? await db.Set<Institution>().Where(i => i.Name == name).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct)
                : null;
            var receipt = await SaveAsync(consultation.Id, submission with { InstitutionId = institutionId }, files.Attachments, now, ct);
            if (receipt is null)
            {
                throttle.Release(clientAddress, slot);
                return IntakeResult.Refuse(Busy, StatusCodes.Status503ServiceUnavailable);
            }
            return new IntakeResult(receipt, null, [], StatusCodes.Status200OK);
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

    private static (OpinionSubmission? Submission, IntakeResult? Error) CheckFields(OpinionForm form, IReadOnlyList<ConsultationSection> sections)
    {
        var name = form.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return (null, IntakeResult.Refuse(NameRequired));
        }
        if (name.Length > Opinion.MaxNameLength)
        {
            return (null, IntakeResult.Refuse(NameTooLong, StatusCodes.Status400BadRequest, Opinion.MaxNameLength));
        }
        var institution = form.Institution?.Trim();
        if (institution?.Length > Opinion.MaxInstitutionLength)
        {
            return (null, IntakeResult.Refuse(InstitutionTooLong, StatusCodes.Status400BadRequest, Opinion.MaxInstitutionLength));
        }
        if (!Enum.TryParse<InstitutionCategory>(form.Category, ignoreCase: false, out var category) || !Enum.IsDefined(category) || int.TryParse(form.Category, out _))
        {
            return (null, IntakeResult.Refuse(CategoryInvalid));
        }
        var email = form.Email?.Trim();
        if (!EmailAddress.IsValid(email))
        {
            return (null, IntakeResult.Refuse(EmailInvalid));
        }
        ConsultationSection? section = null;
        if (!string.IsNullOrEmpty(form.Section))
        {
            section = int.TryParse(form.Section, out var ordinal) ? sections.FirstOrDefault(s => s.Ordinal == ordinal) : null;
            if (section is null)
            {
                return (null, IntakeResult.Refuse(SectionInvalid));
            }
        }
        var quote = string.IsNullOrWhiteSpace(form.Quote) ? null : form.Quote.Trim();
        if (quote?.Length > Opinion.MaxQuoteLength)
        {
            return (null, IntakeResult.Refuse(QuoteTooLong, StatusCodes.Status400BadRequest, Opinion.MaxQuoteLength));
        }
        string? anchor = null;
        if (quote is not null && !string.IsNullOrEmpty(form.Anchor))
        {
            // The anchor must name a paragraph of the frozen draft; it decides the section when none was chosen.
            if (!ParagraphAnchor.TryParse(form.Anchor, out var s, out var p)
                || sections.FirstOrDefault(x => x.Ordinal == s) is not { } anchored || p > anchored.Paragraphs
                || (section is not null && section.Ordinal != s))
            {
                return (null, IntakeResult.Refuse(AnchorInvalid));
            }
            anchor = form.Anchor;
            section ??= anchored;
        }
        var text = form.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, IntakeResult.Refuse(TextRequired));
        }
        if (text.Length > Opinion.MaxTextLength)
        {
            return (null, IntakeResult.Refuse(TextTooLong, StatusCodes.Status400BadRequest, Opinion.MaxTextLength));
        }
        return (new OpinionSubmission(name, string.IsNullOrEmpty(institution) ? null : institution, null, category, email, section?.SectionId, quote, anchor, text), null);
    }

    private sealed record CheckedFile(string? FileName, AttachmentKind Kind, byte[] Content);

    private static async Task<(IReadOnlyList<OpinionAttachment> Attachments, IntakeResult? Error)> ReadFilesAsync(IReadOnlyList<UploadedFile> files, ConsultationOptions limits, CancellationToken ct)
    {
        var chosen = files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (chosen.Count > Opinion.MaxAttachments)
        {
            return ([], IntakeResult.Refuse(TooManyFiles, StatusCodes.Status400BadRequest, Opinion.MaxAttachments));
        }
        var result = new List<OpinionAttachment>();
        foreach (var file in chosen)
        {
            var name = OpinionAttachment.SafeName(file.FileName);
            if (file.Length == 0)
            {
                return ([], IntakeResult.Refuse(FileEmpty, StatusCodes.Status400BadRequest, name));
            }
            if (file.Length > limits.MaxAttachmentBytes)
            {
                return ([], IntakeResult.Refuse(FileTooLarge, StatusCodes.Status413PayloadTooLarge, name, limits.MaxAttachmentBytes / (1024 * 1024)));
            }
            var content = new byte[file.Length];
            await using (var stream = file.Open())
            {
                await stream.ReadExactlyAsync(content, ct);
            }
            if (AttachmentInspector.Identify(content) is not { } kind)
            {
                return ([], IntakeResult.Refuse(FileType, StatusCodes.Status415UnsupportedMediaType, name));
            }
            result.Add(new OpinionAttachment(name, kind, content));
        }
        return (result, null);
    }
}
