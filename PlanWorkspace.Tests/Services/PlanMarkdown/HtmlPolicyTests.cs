using System.Globalization;
using Markdig.Extensions.GenericAttributes;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Services.PlanMarkdown;

/// <summary>The one sanitiser policy and the one Markdown pipeline every renderer shares.</summary>
public sealed class HtmlPolicyTests
{
    /// <summary>A 1×1 PNG.</summary>
    public const string PngDataUri = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private readonly PlanLabels _labels;

    public HtmlPolicyTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        _labels = PlanTestData.Labels();
    }

    private string Preview(string markdown) => new PlanHtmlRenderer().ToHtml(markdown, PlanFacts.Empty, 0, _labels);

    [Fact]
    public void ThePipelineHasNoGenericAttributesSoAFixedOverlayStaysText()
    {
        Assert.DoesNotContain(PlanHtmlRenderer.Pipeline.Extensions, e => e is GenericAttributesExtension);

        var html = Preview("# 덮개 {style=\"position:fixed;top:0;left:0;width:100%;height:100%\" .mud-overlay}");

        Assert.StartsWith("<h1>덮개 {style=", html); // no attribute: shown to the reader as the text that was typed
        Assert.DoesNotContain("class=\"mud-overlay\"", html);
    }

    [Fact]
    public void AStyleOrAForeignClassInHtmlIsRemovedByThePolicyItself()
    {
        var html = HtmlPolicy.Sanitize("<div style=\"position:fixed;inset:0\" class=\"mud-overlay plan-card\" id=\"app\">x</div>");

        Assert.Equal("<div class=\"plan-card\">x</div>", html);
    }

    [Theory]
    [InlineData("https://www.korea.kr/ai", true)]
    [InlineData("http://example.com", true)]
    [InlineData("mailto:plan@korea.kr", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/account/logout", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("ftp://example.com/x", false)]
    public void OnlyAbsoluteWebAndMailLinksAreKept(string url, bool kept)
    {
        Assert.Equal(kept, HtmlPolicy.IsAllowedLink(url));
        Assert.Equal(kept, Preview($"[링크]({url})").Contains("href=", StringComparison.Ordinal));
    }

    [Fact]
    public void ALinkIsMarkedSoItCannotReachTheOpenerOrLeakTheReferrer()
    {
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", Preview("[누리집](https://www.korea.kr)"));
    }

    [Fact]
    public void AnInlinePngIsKept()
    {
        var html = Preview($"![도표]({PngDataUri})");

        Assert.Contains($"src=\"{PngDataUri}\"", html);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/x.png")]
    [InlineData("https://www.korea.kr/logo.png")]
    [InlineData("/etc/hostname")]
    [InlineData("file:///etc/hostname")]
    [InlineData("data:image/svg+xml;base64,PHN2Zy8+")]
    [InlineData("data:image/png;base64,PHN2Zy8+PHN2Zy8+PHN2Zy8+")] // claims PNG, is not
    public void AnyOtherImageBecomesItsAlternativeText(string url)
    {
        var html = Preview($"![도표]({url})");

        Assert.DoesNotContain("<img", html);
        Assert.Contains("<span class=\"plan-image-removed\">[🖼 도표]</span>", html);
    }

    [Fact]
    public void AnInlineImageOverTheSizeBoundIsDropped()
    {
        var big = PngDataUri + new string('A', HtmlPolicy.MaxImageDataUriLength);

        Assert.False(HtmlPolicy.IsAllowedImage(big));
        Assert.True(HtmlPolicy.IsAllowedImage(PngDataUri));
    }

    [Fact]
    public void TableAlignmentSurvivesAsAClassInsteadOfAStyle()
    {
        var html = Preview("| 구분 | 예산 |\n|:---:|---:|\n| 가 | 1조 원 |");

        Assert.Contains("<td class=\"plan-align-right\">1조 원</td>", html);
        Assert.Contains("<th class=\"plan-align-center\">구분</th>", html);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public void HistoryAndItsDiffsRenderShortcodesAsCardsLikeThePreview()
    {
        var target = new PlanWorkspace.Domain.Planning.Target(0, "gpu-2030", "첨단 GPU 확보 규모", "장", 2_000m, 2024, 50_000m, 2030, PlanWorkspace.Domain.Planning.TargetDirection.Increase);
        var facts = new PlanFacts([], [target], [], new DateOnly(2026, 11, 30));
        var markdown = new SectionMarkdown(new PlanHtmlRenderer(), facts, 0, _labels);
        const string text = "| a |\n|---|\n| b |\n\n{{target:gpu-2030}}";

        var version = markdown.ToHtml(text);
        var diff = PlanWorkspace.App.History.TextDiff.RenderedHtml(PlanWorkspace.App.History.TextDiff.Compute("| a |\n|---|\n| b |\n", text), PlanWorkspace.App.History.DiffKind.Inserted, markdown);

        foreach (var html in new[] { version, diff })
        {
            Assert.Contains("<table>", html);
            Assert.Contains("첨단 GPU 확보 규모", html);
            Assert.DoesNotContain("{{target:", html);
        }
        Assert.Contains("target-card", version);
        Assert.Equal(new PlanHtmlRenderer().ToHtml(text, facts, 0, _labels), version);
        // The inserted shortcode is marked as a whole, around its card, not word by word inside the braces.
        Assert.Matches("<ins class=\"diff-ins\"><span class=\"target-inline\">첨단 GPU 확보 규모", diff);
    }
}
