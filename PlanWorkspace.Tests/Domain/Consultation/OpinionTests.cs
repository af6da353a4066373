using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Consultation;

public sealed class OpinionTests
{
    private static readonly DateTimeOffset During = new(2025, 12, 10, 14, 0, 0, SeoulTime.Offset);

    private static PublicConsultation OpenConsultation()
    {
        var consultation = PublicConsultationTests.NewConsultation();
        consultation.Open(During.AddDays(-20));
        return consultation;
    }

    private static OpinionSubmission Submission(string? text = "데이터 개방 확대가 필요합니다.", string? quote = null, string? anchor = null, string? email = "kim@kaist.ac.kr") =>
        new("김연구", "한국과학기술원", null, InstitutionCategory.Academia, email, 3, quote, anchor, text);

    [Fact]
    public void AWebOpinionGetsTheNextReceiptNumberAndStartsNew()
    {
        var consultation = OpenConsultation();
        var first = Opinion.FromWeb(consultation, Submission(), During);
        var second = Opinion.FromWeb(consultation, Submission(), During);
        Assert.Equal(("2025-0001", "2025-0002"), (first.ReceiptNumber, second.ReceiptNumber));
        Assert.Equal((OpinionState.New, OpinionSource.Web), (first.State, first.Source));
    }

    [Fact]
    public void ARefusedSubmissionUsesUpNoReceiptNumber()
    {
        var consultation = OpenConsultation();
        Assert.Throws<DomainException>(() => Opinion.FromWeb(consultation, Submission(text: " "), During));
        Assert.Throws<DomainException>(() => Opinion.FromWeb(consultation, Submission(email: "nobody"), During));
        Assert.Throws<DomainException>(() => Opinion.FromWeb(consultation, Submission(text: new string('가', Opinion.MaxTextLength + 1)), During));
        Assert.Equal(0, consultation.ReceiptsIssued);
        Assert.Equal("2025-0001", Opinion.FromWeb(consultation, Submission(), During).ReceiptNumber);
    }

    [Fact]
    public void AWebOpinionOutsideThePeriodIsRefused()
    {
        var consultation = OpenConsultation();
        Assert.Throws<DomainException>(() => Opinion.FromWeb(consultation, Submission(), consultation.EndsAt));
        Assert.Throws<DomainException>(() => Opinion.FromWeb(PublicConsultationTests.NewConsultation(), Submission(), During));
    }

    [Fact]
    public void AQuotedPassageKeepsItsParagraphAnchorAndAMalformedAnchorIsRefused()
    {
        var consultation = OpenConsultation();
        var opinion = Opinion.FromWeb(consultation, Submission(quote: "공공데이터 전면 개방", anchor: "s3-p12"), During);
        Assert.Equal(("공공데이터 전면 개방", "s3-p12"), (opinion.QuotedPassage, opinion.QuoteAnchor));
        Assert.Throws<DomainException>(() => Opinion.FromWeb(consultation, Submission(quote: "x", anchor: "s3-p12\"><script>"), During));
        Assert.Null(Opinion.FromWeb(consultation, Submission(anchor: "s3-p12"), During).QuoteAnchor); // no quote, no anchor
    }

    [Fact]
    public void ClassifyingNeedsAWrittenReason()
    {
        var opinion = Opinion.FromWeb(OpenConsultation(), Submission(), During);
        Assert.Throws<DomainException>(() => opinion.Classify(OpinionClassification.Reflected, "  ", 7, During));
        Assert.Equal(OpinionState.New, opinion.State);
        opinion.Classify(OpinionClassification.PartlyReflected, "2장 3절에 일부 반영", 7, During);
        Assert.Equal((OpinionState.Classified, OpinionClassification.PartlyReflected, 7), (opinion.State, opinion.Classification, opinion.ClassifiedById));
    }

    [Fact]
    public void AnUndecodableMailNeedsAttentionAndMustBeReleasedBeforeTriage()
    {
        var consultation = OpenConsultation();
        var mail = new MailOpinion("기관", "a@b.kr", "의견", "<1@b.kr>", null, During, null, null, null, "undecodable: unknown charset");
        var opinion = Opinion.FromMail(consultation, mail);
        Assert.Equal(OpinionState.NeedsAttention, opinion.State);
        Assert.Equal("undecodable: unknown charset", opinion.AttentionReason);
        Assert.Equal("2025-0001", opinion.ReceiptNumber);
        Assert.Throws<DomainException>(() => opinion.Classify(OpinionClassification.Other, "x", 1, During));
        opinion.Release();
        opinion.Assign(4, 5);
        Assert.Equal((OpinionState.Assigned, 4, 5), (opinion.State, opinion.AssignedBodyId, opinion.SectionId));
    }

    [Fact]
    public void AMailWithoutTextNeedsAttentionAndOverlongFieldsAreCutNotRefused()
    {
        var consultation = OpenConsultation();
        var empty = Opinion.FromMail(consultation, new MailOpinion(null, "a@b.kr", null, null, " ", During, null, null, null, null));
        Assert.Equal((OpinionState.NeedsAttention, "empty", "a@b.kr"), (empty.State, empty.AttentionReason, empty.SubmitterName));
        var longOne = Opinion.FromMail(consultation, new MailOpinion(new string('김', 500), "bad address", null, null, new string('가', 30_000), During, null, null, null, null));
        Assert.Equal((Opinion.MaxNameLength, Opinion.MaxTextLength, string.Empty), (longOne.SubmitterName.Length, longOne.Text.Length, longOne.Email));
    }

    [Fact]
    public void AWebOpinionTakesAtMostThreeAttachments()
    {
        var opinion = Opinion.FromWeb(OpenConsultation(), Submission(), During);
        for (var i = 0; i < Opinion.MaxAttachments; i++)
        {
            opinion.Attach(new OpinionAttachment($"f{i}.pdf", AttachmentKind.Pdf, [1]));
        }
        Assert.Throws<DomainException>(() => opinion.Attach(new OpinionAttachment("x.pdf", AttachmentKind.Pdf, [1])));
        Assert.Equal(3, opinion.Attachments.Count);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\temp\\의견서.hwp", "의견서.hwp")]
    [InlineData("", "attachment")]
    [InlineData("a\u0000b.pdf", "ab.pdf")]
    public void AttachmentNamesLoseFolderPartsAndControlCharacters(string given, string kept)
    {
        Assert.Equal(kept, OpinionAttachment.SafeName(given));
    }
}
