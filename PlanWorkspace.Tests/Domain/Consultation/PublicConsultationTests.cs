using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Consultation;

public sealed class PublicConsultationTests
{
    private static readonly DateTimeOffset Start = new(2025, 12, 1, 0, 0, 0, SeoulTime.Offset);
    private static readonly DateTimeOffset End = new(2025, 12, 31, 0, 0, 0, SeoulTime.Offset);

    internal static PublicConsultation NewConsultation() =>
        new("action-plan-2025", "인공지능행동계획(안) 의견 수렴", 1, Start, End, "opinions@plan.go.kr", "공고", 1, Start.AddDays(-1));

    [Fact]
    public void ANewConsultationIsADraftThatThePublicCannotSee()
    {
        var consultation = NewConsultation();
        Assert.Equal(ConsultationState.Draft, consultation.State);
        Assert.False(consultation.IsPublic);
        Assert.False(consultation.AcceptsOpinionsAt(Start.AddDays(1)));
    }

    [Fact]
    public void ItMovesFromDraftToOpenToClosedToReportPublished()
    {
        var consultation = NewConsultation();
        consultation.Open(Start);
        Assert.Equal(ConsultationState.Open, consultation.State);
        consultation.Close(End);
        Assert.Equal(ConsultationState.Closed, consultation.State);
        consultation.PublishReport(End.AddDays(10));
        Assert.Equal(ConsultationState.ReportPublished, consultation.State);
        Assert.Equal(End.AddDays(10), consultation.ReportPublishedAt);
    }

    [Fact]
    public void TransitionsOutOfOrderAreRefusedAndChangeNothing()
    {
        var consultation = NewConsultation();
        Assert.Throws<DomainException>(() => consultation.Close(Start));
        Assert.Throws<DomainException>(() => consultation.PublishReport(Start));
        consultation.Open(Start);
        Assert.Throws<DomainException>(() => consultation.Open(Start));
        Assert.Throws<DomainException>(() => consultation.PublishReport(Start));
        Assert.Throws<DomainException>(() => consultation.Reschedule(Start, End.AddDays(1), null));
        Assert.Equal((ConsultationState.Open, End), (consultation.State, consultation.EndsAt));
    }

    [Fact]
    public void OpinionsAreAcceptedOnlyWhileOpenAndInsideThePeriod()
    {
        var consultation = NewConsultation();
        consultation.Open(Start.AddDays(-2));
        Assert.False(consultation.AcceptsOpinionsAt(Start.AddTicks(-1)));
        Assert.True(consultation.AcceptsOpinionsAt(Start));
        Assert.True(consultation.AcceptsOpinionsAt(End.AddTicks(-1)));
        Assert.False(consultation.AcceptsOpinionsAt(End));
    }

    [Fact]
    public void ThePeriodIsKeptInSeoulTimeWhateverOffsetItWasGivenIn()
    {
        var consultation = new PublicConsultation("x", "t", 1, Start.ToUniversalTime(), End.ToUniversalTime(), "a@b.kr", null, 1, Start);
        Assert.Equal(SeoulTime.Offset, consultation.StartsAt.Offset);
        Assert.Equal(Start, consultation.StartsAt);
        Assert.Equal(0, consultation.StartsAt.Hour);
    }

    [Theory]
    [InlineData("Bad Slug", "t", "a@b.kr")]
    [InlineData("ok", " ", "a@b.kr")]
    [InlineData("ok", "t", "not-an-address")]
    [InlineData("ok", "t", "a@b.kr<script>")]
    public void MalformedFieldsAreRefused(string slug, string title, string email)
    {
        Assert.Throws<DomainException>(() => new PublicConsultation(slug, title, 1, Start, End, email, null, 1, Start));
    }

    [Fact]
    public void AnEmptyOrReversedPeriodIsRefused()
    {
        Assert.Throws<DomainException>(() => new PublicConsultation("x", "t", 1, Start, Start, "a@b.kr", null, 1, Start));
        Assert.Throws<DomainException>(() => new PublicConsultation("x", "t", 1, End, Start, "a@b.kr", null, 1, Start));
    }

    [Fact]
    public void ReceiptNumbersCountUpFromOneInTheYearThePeriodStartsInSeoul()
    {
        // 2025-12-31 23:30 in Seoul is still 2025 there, although it is 14:30 UTC the same day.
        var lateStart = new DateTimeOffset(2025, 12, 31, 23, 30, 0, SeoulTime.Offset);
        var consultation = new PublicConsultation("x", "t", 1, lateStart, lateStart.AddDays(30), "a@b.kr", null, 1, lateStart);
        Assert.Equal("2025-0001", consultation.IssueReceiptNumber());
        Assert.Equal("2025-0002", consultation.IssueReceiptNumber());
        Assert.Equal(2, consultation.ReceiptsIssued);
    }
}
