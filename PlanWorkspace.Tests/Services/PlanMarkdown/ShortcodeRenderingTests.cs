using System.Globalization;
using System.Text.RegularExpressions;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Services.PlanMarkdown;

public sealed class ShortcodeRenderingTests
{
    private const int IndustryBody = 0; // new entities have id 0 until saved
    private readonly PlanHtmlRenderer _renderer = new();
    private readonly PlanLabels _labels;
    private readonly PlanFacts _facts;

    public ShortcodeRenderingTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        _labels = PlanTestData.Labels();
        var manufacturing = new Target(IndustryBody, "manufacturing-2030", "글로벌 제조 경쟁력 1위 (2030)", "위", 5m, 2024, 1m, 2030, TargetDirection.Decrease);
        manufacturing.RecordLatest(3m, new DateOnly(2025, 6, 30));
        var gpu = new Target(7, "gpu-2030", "첨단 GPU 확보 규모", "장", 2_000m, 2024, 50_000m, 2030, TargetDirection.Increase);
        var foundation = new Initiative(IndustryBody, "2-1", "제조 데이터 기반 산업 파운데이션 모델 개발", "산업통상자원부");
        foundation.Update("2-1", "제조 데이터 기반 산업 파운데이션 모델 개발", "산업통상자원부", null, ["과학기술정보통신부"]);
        foundation.LinkTarget(manufacturing);
        var export = new Initiative(IndustryBody, "2-3", "제조 AI 풀스택 수출", "산업통상자원부");
        var otherBody = new Initiative(7, "1-1", "대규모 GPU 기반 AI 클러스터 구축", "과학기술정보통신부");
        _facts = new PlanFacts([], [manufacturing, gpu], [export, foundation, otherBody], new DateOnly(2026, 11, 26));
    }

    private string Render(string markdown) => _renderer.ToHtml(markdown, _facts, IndustryBody, _labels);

    [Fact]
    public void TargetShortcodeRendersACardWithUnitBaselineTargetLatestAndStatus()
    {
        var html = Render("성과지표는 다음과 같다.\n\n{{target:manufacturing-2030}}\n");

        Assert.Contains("class=\"plan-card target-card\"", html);
        Assert.Contains("글로벌 제조 경쟁력 1위 (2030)", html);
        Assert.Contains("5위 (2024)", html);
        Assert.Contains("1위 (2030)", html);
        Assert.Contains("3위", html);
        Assert.Contains("정상 추진", html); // 3rd of a 5→1 path by mid-2025 is ahead of the straight line
        Assert.Contains("성과지표는 다음과 같다.", html);
    }

    [Fact]
    public void InitiativesShortcodeRendersTheSectionBodysInitiativesInCodeOrder()
    {
        var html = Render("{{initiatives}}");

        Assert.Contains("initiatives-table", html);
        var first = html.IndexOf("제조 데이터 기반 산업 파운데이션 모델 개발", StringComparison.Ordinal);
        var second = html.IndexOf("제조 AI 풀스택 수출", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, "2-1 before 2-3");
        Assert.Contains("과학기술정보통신부", html); // supporting ministry
        Assert.Contains("글로벌 제조 경쟁력 1위 (2030)", html); // linked target
        Assert.DoesNotContain("대규모 GPU 기반 AI 클러스터 구축", html); // another body's
    }

    [Fact]
    public void AShortcodeInsideASentenceRendersInline()
    {
        var html = Render("목표는 {{target:gpu-2030}}이다.");

        Assert.Contains("<p>목표는 <span class=\"target-inline\">첨단 GPU 확보 규모: 2,000장 (2024) → 50,000장 (2030)</span>이다.</p>", html);
    }

    [Theory]
    [InlineData("{{target:no-such-target}}", "알 수 없는 성과지표: no-such-target")]
    [InlineData("{{target:}}", "알 수 없는 성과지표: ")]
    [InlineData("{{chart:gdp}}", "알 수 없는 삽입 코드: {{chart:gdp}}")]
    [InlineData("{{initiatives:other}}", "알 수 없는 삽입 코드: {{initiatives:other}}")]
    [InlineData("본문 {{target:Manufacturing 2030}} 계속", "알 수 없는 성과지표: Manufacturing 2030")]
    public void UnknownReferencesRenderAVisibleWarningInsteadOfFailing(string markdown, string warning)
    {
        var html = Render(markdown);

        Assert.Contains("shortcode-warning", html);
        Assert.Contains(warning, html);
    }

    [Fact]
    public void ShortcodesInCodeAreLeftAsWritten()
    {
        var html = Render("`{{target:gpu-2030}}`\n\n```\n{{initiatives}}\n```\n");

        Assert.Contains("<code>{{target:gpu-2030}}</code>", html);
        Assert.Contains("{{initiatives}}\n</code></pre>", html);
        Assert.DoesNotContain("target-inline", html);
        Assert.DoesNotContain("initiatives-table", html);
    }

    [Theory]
    [InlineData("{{target:<script>alert(1)</script>}}")]
    [InlineData("본문 {{target:<script>alert(1)</script>}} 계속")]
    [InlineData("{{<img src=x onerror=alert(1)>}}")]
    [InlineData("{{target:\"><svg onload=alert(1)>}}")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    public void ScriptCannotGetThroughShortcodesOrMarkdown(string markdown)
    {
        var html = Render(markdown);

        Assert.DoesNotMatch(new Regex("<script", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<svg", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<[a-z][^>]*\s(href|src)\s*=\s*[""']?\s*(javascript|vbscript|data):", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void AnEscapedScriptInAShortcodeIsShownAsTextInTheWarning()
    {
        var html = Render("{{target:<script>alert(1)</script>}}");

        Assert.Contains("shortcode-warning", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void PlanDataIsEncodedWhereverItComesFrom()
    {
        var hostile = new Target(IndustryBody, "hostile", "<b onmouseover=alert(1)>지표</b>", "<i>", 1m, 2024, 2m, 2030, TargetDirection.Increase);
        var facts = _facts with { Targets = [hostile] };

        var html = _renderer.ToHtml("{{target:hostile}}", facts, IndustryBody, _labels);

        Assert.DoesNotContain("<b ", html);
        Assert.DoesNotContain("<i>", html);
        Assert.Contains("&lt;b onmouseover=alert(1)&gt;지표&lt;/b&gt;", html);
    }
}
