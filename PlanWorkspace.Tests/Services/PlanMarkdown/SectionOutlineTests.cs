using Markdig.Syntax;
using Markdig;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Services.PlanMarkdown;

public sealed class SectionOutlineTests
{
    private static (IReadOnlyList<OutlineHeading> Headings, Markdig.Syntax.MarkdownDocument Document) Number(string markdown, string title = "산업AX·생태계 분야 추진계획")
    {
        var document = Markdown.Parse(markdown, PlanHtmlRenderer.Pipeline);
        return (SectionOutline.Apply(document, title), document);
    }

    [Fact]
    public void ShallowestHeadingsAreNumbered1AndTheNextLevelGa()
    {
        var (headings, _) = Number("## 추진 배경\n\n본문\n\n## 주요 과제\n\n### 제조 파운데이션 모델\n\n### 제조 AI 풀스택 수출\n\n## 성과지표\n\n### 제조 경쟁력\n");

        Assert.Equal(
            ["1) 추진 배경", "2) 주요 과제", "가) 제조 파운데이션 모델", "나) 제조 AI 풀스택 수출", "3) 성과지표", "가) 제조 경쟁력"],
            headings.Select(h => h.Text));
        Assert.Equal([2, 2, 3, 3, 2, 3], headings.Select(h => h.Depth));
    }

    [Fact]
    public void DeeperLevelsUseParenthesesAndCircledDigits()
    {
        var (headings, _) = Number("# 가\n## 나\n### 다\n#### 라\n##### 마\n###### 바\n");

        Assert.Equal(["1) 가", "가) 나", "(1) 다", "(가) 라", "① 마", "② 바"], headings.Select(h => h.Text));
    }

    [Fact]
    public void LeadingHeadingRepeatingTheTitleIsDroppedAndTypedNumbersAreReplaced()
    {
        var (headings, document) = Number("# 산업AX·생태계 분야 추진계획\n\n## 1. 추진 배경\n\n### 가. 제조 데이터\n\n## 2. 주요 과제\n");

        Assert.Equal(["1) 추진 배경", "가) 제조 데이터", "2) 주요 과제"], headings.Select(h => h.Text));
        Assert.DoesNotContain(document.Descendants<HeadingBlock>(), h => SectionOutline.PlainText(h).Contains("추진계획", StringComparison.Ordinal));
    }

    [Fact]
    public void HeadingLevelsSitBelowTheBodyAndTheSection()
    {
        var section = new AssembledSection(1, 0, "가.", "Title", SectionStatus.Drafting, [], DateTimeOffset.UtcNow, 1, "## 추진 배경\n\n### 세부\n");
        var html = new PlanHtmlRenderer().SectionHtml(section, PlanFacts.Empty, PlanTestData.Labels());

        Assert.Contains("<h4", html);
        Assert.Contains("1) 추진 배경</h4>", html);
        Assert.Contains("<h5", html);
        Assert.Contains("가) 세부</h5>", html);
    }

    [Fact]
    public void ASectionWithoutHeadingsIsLeftAlone()
    {
        var (headings, document) = Number("그냥 문단입니다.");
        Assert.Empty(headings);
        Assert.Single(document);
    }
}
