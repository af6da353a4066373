using Bunit;
using PlanWorkspace.App.Components.Pages.History;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

public sealed class HistoryComponentTests : BunitTestBase
{
    private const string Before = "# 산업 AX\n\n제조 현장에 **인공지능**을 도입한다.\n\n다음 단락은 그대로다.\n";
    private const string After = "# 산업 AX\n\n제조 현장과 물류에 **인공지능**을 확산한다.\n\n다음 단락은 그대로다.\n";

    [Fact]
    public void TheInlineDiffMarksChangedKoreanWordsInTheRenderedView()
    {
        var cut = Render<VersionDiffView>(p => p
            .Add(c => c.Segments, TextDiff.Compute(Before, After))
            .Add(c => c.Rendered, true)
            .Add(c => c.SideBySide, false));

        var rendered = cut.Find("[data-testid=diff-inline] [data-testid=diff-rendered]");
        Assert.Equal(["현장에", "도입한다"], rendered.QuerySelectorAll("del").Select(e => e.TextContent));
        Assert.Equal(["현장과", "물류에", "확산한다"], rendered.QuerySelectorAll("ins").Select(e => e.TextContent).Where(t => t.Trim().Length > 0));
        // The Markdown still renders: the heading and the bold word survive the marks.
        Assert.Equal("산업 AX", rendered.QuerySelector("h1")!.TextContent);
        Assert.Equal("인공지능", rendered.QuerySelector("strong")!.TextContent);
        Assert.DoesNotContain("그대로다", string.Concat(rendered.QuerySelectorAll("ins, del").Select(e => e.TextContent)));
    }

    [Fact]
    public void FoldedUnchangedParagraphsAreInAnExpandableDisclosureAndStillRendered()
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 12).Select(i => $"문단 {i}은 **그대로**다.\n\n"));
        var cut = Render<VersionDiffView>(p => p
            .Add(c => c.Segments, TextDiff.Compute(paragraphs, paragraphs + "새로 쓴 문단.\n"))
            .Add(c => c.Rendered, true)
            .Add(c => c.Fold, true));

        var fold = cut.Find("[data-testid=diff-rendered] details[data-testid=diff-fold]");
        Assert.Equal("변경 없는 문단 10개 펼치기", fold.QuerySelector("summary")!.TextContent);
        Assert.Equal(10, fold.QuerySelectorAll("p").Length);
        Assert.Equal("그대로", fold.QuerySelector("strong")!.TextContent);
        Assert.Contains("새로", string.Concat(cut.FindAll("ins").Select(e => e.TextContent)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSideBySideSourceDiffShowsDeletionsLeftAndInsertionsRight()
    {
        var cut = Render<VersionDiffView>(p => p
            .Add(c => c.Segments, TextDiff.Compute(Before, After))
            .Add(c => c.Rendered, false)
            .Add(c => c.SideBySide, true)
            .Add(c => c.OldLabel, "v3")
            .Add(c => c.NewLabel, "v9"));

        var panes = cut.FindAll("[data-testid=diff-side-by-side] [data-testid=diff-source]");
        Assert.Equal(2, panes.Count);
        Assert.Empty(panes[0].QuerySelectorAll("ins"));
        Assert.Contains("도입한다", string.Concat(panes[0].QuerySelectorAll("del").Select(e => e.TextContent)));
        Assert.Empty(panes[1].QuerySelectorAll("del"));
        Assert.Contains("**인공지능**", panes[1].TextContent);
        Assert.Contains("v9", cut.Find("[data-testid=diff-side-by-side]").TextContent);
    }

    [Fact]
    public void MarkdownInTheTextCannotInjectMarkupIntoTheDiff()
    {
        var cut = Render<VersionDiffView>(p => p
            .Add(c => c.Segments, TextDiff.Compute("안전한 본문", "안전한 <script>alert(1)</script> [링크](javascript:alert(1)) 본문"))
            .Add(c => c.Rendered, true));

        Assert.Empty(cut.FindAll("script"));
        Assert.DoesNotContain(cut.FindAll("a"), a => (a.GetAttribute("href") ?? string.Empty).StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        cut.Render(p => p.Add(c => c.Rendered, false));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>", cut.Find("[data-testid=diff-source]").TextContent);
    }

    [Fact]
    public void TheTimelineShowsEachCheckpointWithAuthorsCountsAndNamesAndSelectsOnClick()
    {
        var kim = new AuthorInfo(2, "김민준", "#e53935");
        var lee = new AuthorInfo(3, "이서연", "#3949ab");
        var page = new TimelinePage(
        [
            new TimelineEntry(new Checkpoint(41, 60, 1_790_000_600_000, 1_790_000_900_000, [3], 12, 4), [lee], true),
            new TimelineEntry(new Checkpoint(1, 40, 1_790_000_000_000, 1_790_000_100_000, [2, 3], 230, 7), [kim, lee], false),
        ], Total: 45, Page: 0, PageSize: 20);
        var selected = new List<int>();

        var cut = Render<HistoryTimeline>(p => p
            .Add(c => c.Page, page)
            .Add(c => c.Names, [new NamedVersionInfo(1, 35, "분과 초안 제출", "김민준", DateTimeOffset.UnixEpoch)])
            .Add(c => c.OnSelect, v => selected.Add(v)));

        var items = cut.FindAll("[data-testid=checkpoint]");
        Assert.Equal(2, items.Count);
        Assert.Contains("진행 중", items[0].TextContent);
        Assert.Contains("김민준", items[1].TextContent);
        Assert.Contains("이서연", items[1].TextContent);
        Assert.Equal("+230", items[1].QuerySelector("[data-testid=checkpoint-added]")!.TextContent);
        Assert.Equal("−7", items[1].QuerySelector("[data-testid=checkpoint-removed]")!.TextContent);
        Assert.Equal("분과 초안 제출", items[1].QuerySelector("[data-testid=checkpoint-name]")!.TextContent);
        Assert.Null(items[0].QuerySelector("[data-testid=checkpoint-name]"));
        Assert.NotNull(cut.Find("[data-testid=timeline-pages]"));

        cut.FindAll("[data-testid=checkpoint]")[1].Click();
        Assert.Equal([40], selected);
    }

    [Fact]
    public void AnEmptyTimelineSaysSoAndHasNoPages()
    {
        var cut = Render<HistoryTimeline>(p => p.Add(c => c.Page, new TimelinePage([], 0, 0, 20)));
        Assert.NotNull(cut.Find("[data-testid=history-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=timeline-pages]"));
    }

    [Fact]
    public void AuthorshipColoursEachSpanWithALegend()
    {
        var view = new AuthorshipView(5, [new AuthorshipSpan(0, 3, 0), new AuthorshipSpan(3, 6, 2)],
            [new AuthorInfo(0, string.Empty, "#9e9e9e"), new AuthorInfo(2, "김민준", "#e53935")]);
        var cut = Render<AuthorshipText>(p => p.Add(c => c.Text, "원래글새글임").Add(c => c.Authorship, view));

        var spans = cut.FindAll("[data-testid=authorship-text] span");
        Assert.Equal(["원래글", "새글임"], spans.Select(s => s.TextContent));
        Assert.Equal("2", spans[1].GetAttribute("data-person"));
        Assert.Contains("#e53935", spans[1].GetAttribute("style"));
        Assert.Contains("김민준", cut.Find("[data-testid=authorship-legend]").TextContent);
        Assert.Contains("처음 본문", cut.Find("[data-testid=authorship-legend]").TextContent);
    }
}
