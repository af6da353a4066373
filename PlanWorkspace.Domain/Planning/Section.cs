using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// A part of the plan written by one body, in Markdown. Its review status moves
/// Drafting → Submitted → (ChangesRequested → Submitted)* → Approved, and an edit of an
/// approved section returns it to Drafting.
/// </summary>
public sealed class Section
{
    /// <summary>The largest Markdown body a section may hold (UTF-16 code units).</summary>
    public const int MaxMarkdownLength = 2_000_000;

    private Section() { Title = Markdown = string.Empty; }

    public Section(int bodyId, int order, string title, string markdown, DateTimeOffset now)
    {
        BodyId = bodyId;
        Order = order;
        Title = Guard.Text(title, Refusals.Fields.SectionTitle, 200);
        Markdown = CheckMarkdown(markdown);
        Status = SectionStatus.Drafting;
        UpdatedAt = now;
    }

    public int Id { get; private set; }
    public int BodyId { get; private set; }
    public int Order { get; private set; }
    public string Title { get; private set; }
    public string Markdown { get; private set; }
    public SectionStatus Status { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? ReviewNote { get; private set; }

    /// <summary>The collaborative version handed in with the last submission.</summary>
    public int? SubmittedVersion { get; private set; }

    /// <summary>The collaborative version the vice-chair last approved (kept after a reopening, for "changes since approval").</summary>
    public int? ApprovedVersion { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    /// <summary>
    /// The collaborative document version <see cref="Markdown"/> corresponds to. The live text
    /// may be ahead; it is rebuilt from the latest snapshot and the op log.
    /// </summary>
    public int TextVersion { get; private set; }

    public void Rename(string title, DateTimeOffset now)
    {
        Title = Guard.Text(title, Refusals.Fields.SectionTitle, 200);
        UpdatedAt = now;
    }

    /// <summary>
    /// Replaces the Markdown body. Returns true when the edit reopened an approved section
    /// (the caller tells the vice-chair).
    /// </summary>
    public bool Edit(string markdown, DateTimeOffset now)
    {
        Markdown = CheckMarkdown(markdown);
        return MarkEdited(now);
    }

    /// <summary>
    /// Records that the text changed (collaborative edits land in the op log first). Returns true
    /// when this reopened an approved section.
    /// </summary>
    public bool MarkEdited(DateTimeOffset now)
    {
        UpdatedAt = now;
        if (Status == SectionStatus.Approved)
        {
            Status = SectionStatus.Drafting;
            ReviewNote = null;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Stores the text as of collaborative version <paramref name="version"/>. An older version than
    /// the one stored is ignored, so a late writer never rolls the copy back.
    /// </summary>
    public void SyncText(string markdown, int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        if (version < TextVersion)
        {
            return;
        }
        Markdown = CheckMarkdown(markdown);
        TextVersion = version;
    }

    /// <summary>The body's chair hands the section (as of collaborative <paramref name="version"/>) to the vice-chair for review.</summary>
    public void Submit(DateTimeOffset now, int version = 0)
    {
        Move(now, SectionStatus.Submitted, null, SectionStatus.Drafting, SectionStatus.ChangesRequested);
        SubmittedVersion = version;
    }

    /// <summary>The vice-chair sends a submitted section back, with a note saying why.</summary>
    public void RequestChanges(string note, DateTimeOffset now) =>
        Move(now, SectionStatus.ChangesRequested, Guard.Text(note, Refusals.Fields.ReviewNote, 4000), SectionStatus.Submitted);

    /// <summary>
    /// The vice-chair approves a submitted section as of <paramref name="reviewedVersion"/>, the version
    /// they were shown. An approval binds to what was reviewed: when the text has moved on since
    /// (<paramref name="currentVersion"/> differs), nothing changes and <see cref="StaleReviewException"/> is thrown.
    /// </summary>
    public void Approve(DateTimeOffset now, int reviewedVersion, int currentVersion)
    {
        if (Status == SectionStatus.Submitted && reviewedVersion != currentVersion)
        {
            throw new StaleReviewException(reviewedVersion, currentVersion);
        }
        Move(now, SectionStatus.Approved, null, SectionStatus.Submitted);
        (ApprovedVersion, ApprovedAt) = (reviewedVersion, now);
    }

    /// <summary>
    /// True while the section is submitted and its text has moved past the submitted version
    /// (<paramref name="currentVersion"/> is the latest committed one): a review must look at the
    /// changes up to the current version, not only to the submitted one.
    /// </summary>
    public bool ChangedSinceSubmission(int currentVersion) =>
        Status == SectionStatus.Submitted && currentVersion > (SubmittedVersion ?? 0);

    private void Move(DateTimeOffset now, SectionStatus to, string? note, params SectionStatus[] allowedFrom)
    {
        if (!allowedFrom.Contains(Status))
        {
            throw new DomainException(Refusals.Planning.StatusTransition.With(new Term("SectionStatus." + Status), new Term("SectionStatus." + to)));
        }
        Status = to;
        ReviewNote = note;
        UpdatedAt = now;
    }

    private static string CheckMarkdown(string? markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (markdown.Length > MaxMarkdownLength)
        {
            throw new DomainException(Refusals.Planning.SectionTooLong.With(MaxMarkdownLength));
        }
        return markdown;
    }
}
