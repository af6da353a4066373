using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// A public consultation on a named plan version (the frozen draft). Its state moves
/// Draft → Open → Closed → ReportPublished and never back; opinions are accepted only while it is
/// open and inside its period. It hands out receipt numbers ("2025-0001") in order.
/// </summary>
public sealed class PublicConsultation
{
    public const int MaxTitleLength = 200;
    public const int MaxNoticeLength = 10_000;
    public const int MaxEmailLength = 254;

    private PublicConsultation() { Slug = Title = ContactEmail = Notice = string.Empty; }

    /// <summary>A draft consultation on plan version <paramref name="planVersionId"/>, open from <paramref name="startsAt"/> until <paramref name="endsAt"/>.</summary>
    /// <exception cref="DomainException">A field is empty, too long or malformed, or the period is empty.</exception>
    public PublicConsultation(string slug, string title, int planVersionId, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string contactEmail, string? notice, int createdById, DateTimeOffset now)
    {
        Slug = Planning.Slug.Require(slug, Refusals.Fields.ConsultationSlug);
        Title = Guard.Text(title, Refusals.Fields.ConsultationTitle, MaxTitleLength);
        PlanVersionId = planVersionId;
        (StartsAt, EndsAt) = CheckPeriod(startsAt, endsAt);
        ContactEmail = EmailAddress.Require(contactEmail, Refusals.Fields.ContactEmail);
        Notice = Guard.OptionalText(notice, Refusals.Fields.Notice, MaxNoticeLength) ?? string.Empty;
        CreatedById = createdById;
        CreatedAt = now;
        State = ConsultationState.Draft;
    }

    public int Id { get; private set; }
    public string Slug { get; private set; }
    public string Title { get; private set; }
    /// <summary>The named plan version the public reads; it never changes once the consultation is open.</summary>
    public int PlanVersionId { get; private set; }
    /// <summary>First moment opinions are accepted (Seoul time).</summary>
    public DateTimeOffset StartsAt { get; private set; }
    /// <summary>First moment opinions are no longer accepted (Seoul time).</summary>
    public DateTimeOffset EndsAt { get; private set; }
    public string ContactEmail { get; private set; }
    public string Notice { get; private set; }
    public ConsultationState State { get; private set; }
    public int CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? ReportPublishedAt { get; private set; }
    /// <summary>How many receipt numbers have been handed out.</summary>
    public int ReceiptsIssued { get; private set; }

    /// <summary>Changes the period and notice of a draft; an open consultation keeps what the public was told.</summary>
    /// <exception cref="DomainException">The consultation is no longer a draft, or the period is empty.</exception>
    public void Reschedule(DateTimeOffset startsAt, DateTimeOffset endsAt, string? notice)
    {
        RequireState(ConsultationState.Draft);
        (StartsAt, EndsAt) = CheckPeriod(startsAt, endsAt);
        Notice = Guard.OptionalText(notice, Refusals.Fields.Notice, MaxNoticeLength) ?? string.Empty;
    }

    /// <summary>
    /// Changes what a draft says and which plan version it will publish; once open, the public has
    /// been told, so nothing of it changes any more. Nothing changes when a field is refused.
    /// </summary>
    /// <exception cref="DomainException">The consultation is no longer a draft, or a field is empty, too long or malformed, or the period is empty.</exception>
    public void Revise(string title, int planVersionId, DateTimeOffset startsAt, DateTimeOffset endsAt, string contactEmail, string? notice)
    {
        RequireState(ConsultationState.Draft);
        var checkedTitle = Guard.Text(title, Refusals.Fields.ConsultationTitle, MaxTitleLength);
        var period = CheckPeriod(startsAt, endsAt);
        var contact = EmailAddress.Require(contactEmail, Refusals.Fields.ContactEmail);
        var checkedNotice = Guard.OptionalText(notice, Refusals.Fields.Notice, MaxNoticeLength) ?? string.Empty;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(planVersionId);
        (Title, PlanVersionId, (StartsAt, EndsAt), ContactEmail, Notice) = (checkedTitle, planVersionId, period, contact, checkedNotice);
    }

    /// <summary>Publishes the frozen draft and starts taking opinions (within the period).</summary>
    /// <exception cref="DomainException">The consultation is not a draft.</exception>
    public void Open(DateTimeOffset now)
    {
        RequireState(ConsultationState.Draft);
        State = ConsultationState.Open;
        OpenedAt = now;
    }

    /// <summary>Stops taking opinions; triage goes on.</summary>
    /// <exception cref="DomainException">The consultation is not open.</exception>
    public void Close(DateTimeOffset now)
    {
        RequireState(ConsultationState.Open);
        State = ConsultationState.Closed;
        ClosedAt = now;
    }

    /// <summary>Publishes the answers (의견 수렴 결과) on the public page.</summary>
    /// <exception cref="DomainException">The consultation is not closed.</exception>
    public void PublishReport(DateTimeOffset now)
    {
        RequireState(ConsultationState.Closed);
        State = ConsultationState.ReportPublished;
        ReportPublishedAt = now;
    }

    /// <summary>True while the public may read the page: from opening on.</summary>
    public bool IsPublic => State != ConsultationState.Draft;

    /// <summary>True when a web opinion submitted at <paramref name="now"/> is accepted.</summary>
    public bool AcceptsOpinionsAt(DateTimeOffset now) => State == ConsultationState.Open && now >= StartsAt && now < EndsAt;

    /// <summary>
    /// Hands out the next receipt number: the year the period starts in (Seoul), a hyphen, and a
    /// counter of at least four digits ("2025-0001"). Mail opinions get one too, so numbers stay
    /// unique across channels.
    /// </summary>
    public string IssueReceiptNumber()
    {
        ReceiptsIssued = checked(ReceiptsIssued + 1);
        return FormattableString.Invariant($"{SeoulTime.ToSeoul(StartsAt).Year}-{ReceiptsIssued:D4}");
    }

    private void RequireState(ConsultationState state)
    {
        if (State != state)
        {
            throw new DomainException(Refusals.Opinions.ConsultationState.With(new Term("Consult.State." + state)));
        }
    }

    /// <summary>What is wrong with a period (it must end after it starts, within a year), or null; the form says it before saving.</summary>
    public static Refusal? PeriodProblem(DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        endsAt <= startsAt ? Refusals.Opinions.PeriodOrder
        : endsAt - startsAt > TimeSpan.FromDays(366) ? Refusals.Opinions.PeriodTooLong
        : null;

    private static (DateTimeOffset, DateTimeOffset) CheckPeriod(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (PeriodProblem(startsAt, endsAt) is { } problem)
        {
            throw new DomainException(problem);
        }
        return (SeoulTime.ToSeoul(startsAt), SeoulTime.ToSeoul(endsAt));
    }
}
