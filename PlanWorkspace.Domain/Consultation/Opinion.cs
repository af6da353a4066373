using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// One opinion on a consultation, from the web form or the committee's mailbox, with its receipt
/// number. Triage moves it New → Assigned → Classified (a classification always carries a written
/// reason); a mail that could not be read starts as <see cref="OpinionState.NeedsAttention"/> with
/// the reason, and is released to New once someone has looked at it.
/// </summary>
public sealed class Opinion
{
    public const int MaxNameLength = 100;
    public const int MaxInstitutionLength = 200;
    public const int MaxQuoteLength = 2_000;
    public const int MaxAnchorLength = 40;
    public const int MaxTextLength = 20_000;
    public const int MaxReasonLength = 4_000;
    public const int MaxSubjectLength = 500;
    public const int MaxMessageIdLength = 500;
    public const int MaxAttachments = 3;
    /// <summary>How much text extracted from the attachments is kept for the search.</summary>
    public const int MaxAttachmentTextLength = 50_000;

    private readonly List<OpinionAttachment> _attachments = [];

    private Opinion() { ReceiptNumber = SubmitterName = Email = Text = string.Empty; }

    private Opinion(PublicConsultation consultation, OpinionSource source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ConsultationId = consultation.Id;
        Source = source;
        ReceivedAt = receivedAt;
        ReceiptNumber = string.Empty;
        SubmitterName = Email = Text = string.Empty;
    }

    /// <summary>An opinion from the public web form. The receipt number is issued only when every field is valid.</summary>
    /// <exception cref="DomainException">A field is missing, too long or malformed, or the consultation is not taking opinions.</exception>
    public static Opinion FromWeb(PublicConsultation consultation, OpinionSubmission submission, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(submission);
        if (!consultation.AcceptsOpinionsAt(now))
        {
            throw new DomainException(Refusals.Opinions.NotTaking);
        }
        var opinion = new Opinion(consultation, OpinionSource.Web, now)
        {
            SubmitterName = Guard.Text(submission.Name, Refusals.Fields.Name, MaxNameLength),
            Institution = Guard.OptionalText(submission.Institution, Refusals.Fields.Institution, MaxInstitutionLength),
            InstitutionId = submission.InstitutionId,
            Category = Enum.IsDefined(submission.Category) ? submission.Category : throw new DomainException(Refusals.Opinions.CategoryInvalid),
            Email = EmailAddress.Require(submission.Email, Refusals.Fields.Email),
            SectionId = submission.SectionId,
            QuotedPassage = Guard.OptionalText(submission.QuotedPassage, Refusals.Fields.QuotedPassage, MaxQuoteLength),
            Text = Guard.Text(submission.Text, Refusals.Fields.Opinion, MaxTextLength),
            State = OpinionState.New,
        };
        opinion.QuoteAnchor = opinion.QuotedPassage is null ? null : CheckAnchor(submission.QuoteAnchor);
        opinion.Fingerprint = OpinionFingerprint.Of(opinion.Text) ?? [];
        opinion.ReceiptNumber = consultation.IssueReceiptNumber();
        return opinion;
    }

    /// <summary>
    /// An opinion read from a mail. Mail is taken whatever the period (a late or early mail is still
    /// the committee's to answer); text and names are cut to the limits rather than refused, since
    /// the sender cannot be asked to fix a form.
    /// </summary>
    public static Opinion FromMail(PublicConsultation consultation, MailOpinion mail)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(mail);
        var opinion = new Opinion(consultation, OpinionSource.Mail, mail.ReceivedAt)
        {
            SubmitterName = Cut(mail.SenderName, MaxNameLength) is { Length: > 0 } name ? name : Cut(mail.SenderAddress, MaxNameLength) ?? "?",
            Email = EmailAddress.IsValid(mail.SenderAddress?.Trim()) ? mail.SenderAddress!.Trim() : string.Empty,
            Institution = Cut(mail.Institution, MaxInstitutionLength),
            InstitutionId = mail.InstitutionId,
            Category = mail.Category ?? InstitutionCategory.Individual,
            Subject = Cut(mail.Subject, MaxSubjectLength),
            MessageId = Cut(mail.MessageId, MaxMessageIdLength),
            Text = Cut(mail.Text, MaxTextLength) ?? string.Empty,
            State = mail.AttentionReason is null && !string.IsNullOrWhiteSpace(mail.Text) ? OpinionState.New : OpinionState.NeedsAttention,
            AttentionReason = mail.AttentionReason ?? (string.IsNullOrWhiteSpace(mail.Text) ? "empty" : null),
        };
        opinion.Fingerprint = OpinionFingerprint.Of(opinion.Text) ?? [];
        opinion.ReceiptNumber = consultation.IssueReceiptNumber();
        return opinion;
    }

    public int Id { get; private set; }
    public int ConsultationId { get; private set; }
    /// <summary>"2025-0001": unique within the consultation.</summary>
    public string ReceiptNumber { get; private set; }
    public OpinionSource Source { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public string SubmitterName { get; private set; }
    /// <summary>The institution as written (or matched); null for an individual.</summary>
    public string? Institution { get; private set; }
    /// <summary>The registered institution it was matched to, if any.</summary>
    public int? InstitutionId { get; private set; }
    public InstitutionCategory Category { get; private set; }
    /// <summary>The sender's address (empty for a mail whose sender could not be read).</summary>
    public string Email { get; private set; }
    /// <summary>The section of the frozen draft the opinion is on, if known.</summary>
    public int? SectionId { get; private set; }
    /// <summary>Text the submitter selected on the public page.</summary>
    public string? QuotedPassage { get; private set; }
    /// <summary>Where the quoted passage stands in the frozen version: a paragraph anchor such as "s3-p12".</summary>
    public string? QuoteAnchor { get; private set; }
    /// <summary>The opinion as plain text (mail HTML is converted, never kept as markup).</summary>
    public string Text { get; private set; }
    public string? Subject { get; private set; }
    /// <summary>The mail's Message-ID, for duplicate detection.</summary>
    public string? MessageId { get; private set; }
    /// <summary>
    /// The opinion this one duplicates: a forwarded copy of the same mail, or a similar opinion merged
    /// into it (<see cref="MergeInto"/>). A duplicate keeps its receipt number and shares the primary's answer.
    /// </summary>
    public int? DuplicateOfId { get; private set; }
    /// <summary>The MinHash signature of the text (<see cref="OpinionFingerprint"/>), for grouping similar opinions; empty when the text is too short to have one.</summary>
    public byte[]? Fingerprint { get; private set; }
    /// <summary>Plain text extracted from the attachments (DOCX, HWPX, PDF), searched with the opinion.</summary>
    public string? AttachmentText { get; private set; }
    public OpinionState State { get; private set; }
    /// <summary>Why the opinion needs attention (e.g. "undecodable: unknown charset x-foo").</summary>
    public string? AttentionReason { get; private set; }
    public int? AssignedBodyId { get; private set; }
    public OpinionClassification? Classification { get; private set; }
    public string? ClassificationReason { get; private set; }
    public int? ClassifiedById { get; private set; }
    public DateTimeOffset? ClassifiedAt { get; private set; }
    public IReadOnlyList<OpinionAttachment> Attachments => _attachments;
    /// <summary>
    /// The suggestion a chair opened on the live section from this opinion; once that suggestion is
    /// accepted, its applied version is the edit that reflected the opinion.
    /// </summary>
    public int? SuggestionId { get; private set; }

    /// <summary>Keeps an attachment whose type was checked by its content.</summary>
    /// <exception cref="DomainException">The opinion already has <see cref="MaxAttachments"/> (web) attachments.</exception>
    public void Attach(OpinionAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (Source == OpinionSource.Web && _attachments.Count >= MaxAttachments)
        {
            throw new DomainException(Refusals.Opinions.TooManyAttachments.With(MaxAttachments));
        }
        _attachments.Add(attachment);
    }

    /// <summary>A person has looked at a message that needed attention: it joins triage as new.</summary>
    public void Release()
    {
        if (State != OpinionState.NeedsAttention)
        {
            throw new DomainException(Refusals.Opinions.ReleaseOnlyHeld);
        }
        State = OpinionState.New;
        AttentionReason = null;
    }

    /// <summary>Hands the opinion to a body (and optionally a section) for review.</summary>
    public void Assign(int bodyId, int? sectionId)
    {
        if (State == OpinionState.NeedsAttention)
        {
            throw new DomainException(Refusals.Opinions.ReleaseFirst);
        }
        AssignedBodyId = bodyId;
        SectionId = sectionId ?? SectionId;
        if (State == OpinionState.New)
        {
            State = OpinionState.Assigned;
        }
    }

    /// <summary>Records the committee's answer with its written reason (it may be changed until the report is published).</summary>
    /// <exception cref="DomainException">The reason is empty or too long, or the opinion still needs attention.</exception>
    public void Classify(OpinionClassification classification, string reason, int byPersonId, DateTimeOffset now)
    {
        if (State == OpinionState.NeedsAttention)
        {
            throw new DomainException(Refusals.Opinions.ReleaseFirst);
        }
        if (!Enum.IsDefined(classification))
        {
            throw new DomainException(Refusals.Opinions.ClassificationUnknown);
        }
        ClassificationReason = Guard.Text(reason, Refusals.Fields.Reason, MaxReasonLength);
        Classification = classification;
        ClassifiedById = byPersonId;
        ClassifiedAt = now;
        State = OpinionState.Classified;
    }

    /// <summary>Links the suggestion opened from this opinion (one per opinion).</summary>
    /// <exception cref="DomainException">The opinion still needs attention, or already has a suggestion.</exception>
    public void LinkSuggestion(int suggestionId)
    {
        if (State == OpinionState.NeedsAttention)
        {
            throw new DomainException(Refusals.Opinions.ReleaseFirst);
        }
        if (SuggestionId is not null)
        {
            throw new DomainException(Refusals.Opinions.AlreadySuggested);
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(suggestionId);
        SuggestionId = suggestionId;
    }

    /// <summary>Marks this opinion as a copy of opinion <paramref name="originalId"/> (e.g. the same mail forwarded).</summary>
    public void MarkDuplicateOf(int originalId)
    {
        if (originalId <= 0 || originalId == Id)
        {
            throw new DomainException(Refusals.Opinions.DuplicateOfItself);
        }
        DuplicateOfId = originalId;
    }

    /// <summary>Keeps the text extracted from the attachments for the search, cut to <see cref="MaxAttachmentTextLength"/>.</summary>
    public void IndexAttachmentText(string? text) => AttachmentText = Cut(text, MaxAttachmentTextLength);

    /// <summary>Computes the fingerprint of an opinion stored before fingerprints existed.</summary>
    public void EnsureFingerprint() => Fingerprint ??= OpinionFingerprint.Of(Text) ?? [];

    /// <summary>
    /// Merges this opinion into <paramref name="primary"/>, a similar opinion of the same consultation:
    /// it becomes its duplicate and takes its answer, if it has one already.
    /// </summary>
    /// <exception cref="DomainException">The primary is this opinion, is itself merged, belongs elsewhere, or one of them still needs attention.</exception>
    public void MergeInto(Opinion primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (primary.Id <= 0 || primary.Id == Id || primary.ConsultationId != ConsultationId || primary.DuplicateOfId is not null)
        {
            throw new DomainException(Refusals.Opinions.MergeTarget);
        }
        if (State == OpinionState.NeedsAttention || primary.State == OpinionState.NeedsAttention)
        {
            throw new DomainException(Refusals.Opinions.ReleaseFirst);
        }
        DuplicateOfId = primary.Id;
        ShareAnswerOf(primary);
    }

    /// <summary>Takes the primary's classification and reason (a merged opinion is answered with its primary).</summary>
    public void ShareAnswerOf(Opinion primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (primary.Classification is not { } classification || State == OpinionState.NeedsAttention)
        {
            return;
        }
        Classification = classification;
        ClassificationReason = primary.ClassificationReason;
        ClassifiedById = primary.ClassifiedById;
        ClassifiedAt = primary.ClassifiedAt;
        State = OpinionState.Classified;
    }

    /// <summary>Undoes a merge: the opinion stands alone again, keeping the answer it shared until now.</summary>
    /// <exception cref="DomainException">The opinion is not merged.</exception>
    public void Unmerge()
    {
        if (DuplicateOfId is null)
        {
            throw new DomainException(Refusals.Opinions.NotMerged);
        }
        DuplicateOfId = null;
    }

    private static string? CheckAnchor(string? anchor)
    {
        if (string.IsNullOrWhiteSpace(anchor))
        {
            return null;
        }
        var trimmed = anchor.Trim();
        return ParagraphAnchor.IsValid(trimmed) ? trimmed : throw new DomainException(Refusals.Opinions.AnchorMalformed);
    }

    private static string? Cut(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : trimmed[..max];
    }
}

/// <summary>What the web form sends, before it is checked.</summary>
public sealed record OpinionSubmission(
    string? Name,
    string? Institution,
    int? InstitutionId,
    InstitutionCategory Category,
    string? Email,
    int? SectionId,
    string? QuotedPassage,
    string? QuoteAnchor,
    string? Text);

/// <summary>What a decoded mail gives: text already converted to plain text, and why it needs attention if it does.</summary>
public sealed record MailOpinion(
    string? SenderName,
    string? SenderAddress,
    string? Subject,
    string? MessageId,
    string? Text,
    DateTimeOffset ReceivedAt,
    string? Institution,
    int? InstitutionId,
    InstitutionCategory? Category,
    string? AttentionReason);
