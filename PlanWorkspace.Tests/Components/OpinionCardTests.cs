using System.Globalization;
using Bunit;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.Consultation.Pages;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>The inbox card's opinion → suggestion part: who gets the form, what it sends, and the links once it exists.</summary>
public sealed class OpinionCardTests : BunitTestBase
{
    private static OpinionRow Row(bool canTriage = true, string? quote = "제조 현장에 AI 전환을", OpinionSuggestionLink? suggestion = null,
        IReadOnlyList<AttachmentTextNote>? notes = null) =>
        new(5, "2025-0005", DateTimeOffset.UnixEpoch, OpinionSource.Web, "홍길동", "한국산업기술협회", InstitutionCategory.Industry, "h@example.kr", 3,
            "1. 가. 산업AX", 2, quote, quote is null ? null : "s1-p2", null, "<script>alert(1)</script> 구체화해 주십시오.", OpinionState.New, null, null, null,
            null, notes?.Select(n => n.FileName).ToList() ?? [], canTriage, suggestion, notes);

    private IRenderedComponent<OpinionCard> RenderCard(OpinionRow row, List<(int, string?, string?)>? sent = null) =>
        Render<OpinionCard>(p => p
            .Add(c => c.Row, row)
            .Add(c => c.Suggest, args => sent?.Add(args)));

    [Fact]
    public void ATriagerOpensASuggestionPrefilledWithTheQuotedPassage()
    {
        var sent = new List<(int, string?, string?)>();
        var card = RenderCard(Row(), sent);
        Assert.Empty(card.FindAll("[data-testid=suggest-form]"));
        card.Find("button[data-testid=suggest-open]").Click();

        var replacement = card.Find("textarea");
        Assert.Equal("제조 현장에 AI 전환을", replacement.GetAttribute("value") ?? replacement.TextContent);
        replacement.Change("제조 현장의 AI 전환을 단계별로");
        card.Find("button[data-testid=suggest-submit]").Click();
        Assert.Equal([(5, "제조 현장의 AI 전환을 단계별로", null)], sent);
        // The opinion's own text stays text.
        Assert.DoesNotContain("<script>", card.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "인용")]  // an advisor reads only
    [InlineData(true, null)]     // nothing quoted: no place to suggest at
    public void NoSuggestionIsOfferedWithoutTheRightOrAPassage(bool canTriage, string? quote) =>
        Assert.Empty(RenderCard(Row(canTriage, quote)).FindAll("[data-testid=suggest-open]"));

    [Fact]
    public void AnAcceptedSuggestionLinksTheOpinionToTheEditThatReflectedIt()
    {
        var card = RenderCard(Row(suggestion: new OpinionSuggestionLink(41, SuggestionState.Accepted, 17)));
        var link = card.Find("[data-testid=opinion-suggestion]");
        Assert.Contains("#41", link.TextContent, StringComparison.Ordinal);
        Assert.Contains("수락됨", link.TextContent, StringComparison.Ordinal);
        Assert.Contains("버전 17", card.Find("[data-testid=opinion-edit]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/sections/3/history", card.Find("[data-testid=opinion-edit]").GetAttribute("href"));
        Assert.Empty(card.FindAll("[data-testid=suggest-open]"));
    }

    [Fact]
    public void APendingSuggestionShowsNoEditYet()
    {
        var card = RenderCard(Row(suggestion: new OpinionSuggestionLink(41, SuggestionState.Open, null)));
        Assert.Contains("검토 대기", card.Find("[data-testid=opinion-suggestion]").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=opinion-edit]"));
    }

    [Fact]
    public void AnAttachmentWhoseTextCouldNotBeExtractedIsNotedWithTheReason()
    {
        var card = RenderCard(Row(notes: [new AttachmentTextNote("의견서<b>.pdf", AttachmentTextProblem.TooLarge), new AttachmentTextNote("스캔.pdf", AttachmentTextProblem.NoText)]));
        var notes = card.FindAll("[data-testid=attachment-note]");
        Assert.Equal(2, notes.Count);
        Assert.Equal("의견서<b>.pdf — 본문을 추출하지 못했습니다: 읽는 데 허용된 메모리를 넘었습니다.", notes[0].TextContent.Trim());
        Assert.Contains("글자가 없는 파일입니다", notes[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", card.Markup, StringComparison.Ordinal); // a file name is text
    }

    [Fact]
    public void TheNoteIsInEnglishForAnEnglishReader()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        var card = RenderCard(Row(notes: [new AttachmentTextNote("opinion.pdf", AttachmentTextProblem.Encrypted)]));
        Assert.Equal("opinion.pdf — the text could not be extracted: the file is password-protected.", card.Find("[data-testid=attachment-note]").TextContent.Trim());
    }

    [Fact]
    public void AReadableAttachmentHasNoNote() =>
        Assert.Empty(RenderCard(Row()).FindAll("[data-testid=attachment-note]"));
}
