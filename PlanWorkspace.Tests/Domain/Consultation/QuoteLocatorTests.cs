using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.Tests.Domain.Consultation;

public sealed class QuoteLocatorTests
{
    private const string Source = "## 가. 산업AX\n\n제조 현장에 **AI 전환**을 지원한다.\n\n- 중소기업 지원을 확대한다.\n- 중소기업 지원을 확대한다.\n";

    [Fact]
    public void AnExactQuoteIsFoundAtItsSourceRange()
    {
        var (from, to) = QuoteLocator.Find(Source, "현장에")!.Value;
        Assert.Equal("현장에", Source[from..to]);
    }

    [Fact]
    public void AQuoteOfRenderedTextIsFoundAcrossTheMarkdownMarkup()
    {
        var (from, to) = QuoteLocator.Find(Source, "현장에 AI 전환을 지원")!.Value;
        Assert.Equal("현장에 **AI 전환**을 지원", Source[from..to]);
    }

    [Fact]
    public void AQuoteAcrossParagraphsMatchesWhatEverWhiteSpaceTheSelectionCarried()
    {
        var (from, to) = QuoteLocator.Find(Source, "지원한다.\r\n중소기업")!.Value;
        Assert.Equal("지원한다.\n\n- 중소기업", Source[from..to]);
    }

    [Fact]
    public void OfSeveralMatchesTheOneInTheAnchoredBlockWins()
    {
        var first = QuoteLocator.Find(Source, "중소기업 지원")!.Value;
        var fourth = QuoteLocator.Find(Source, "중소기업 지원", block: 4)!.Value;
        Assert.True(fourth.From > first.From);
        Assert.Equal(first, QuoteLocator.Find(Source, "중소기업 지원", block: 3));
    }

    [Theory]
    [InlineData("공개본에 없는 문장")]
    [InlineData("   ")]
    [InlineData("**")]
    public void AQuoteThatIsNotThereOrIsOnlyMarkupIsNotFound(string quote) => Assert.Null(QuoteLocator.Find(Source, quote));
}
