using PlanWorkspace.App.History;

namespace PlanWorkspace.Tests.Integration;

public sealed class DiffFoldingTests
{
    private static string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(i => $"줄 {i}\n"));

    [Fact]
    public void ALongUnchangedRunBetweenTwoChangesIsFoldedKeepingTwoLinesOfContextOnEachSide()
    {
        var before = Lines(1, 30);
        var after = before.Replace("줄 3\n", "줄 셋\n", StringComparison.Ordinal).Replace("줄 28\n", "줄 스물여덟\n", StringComparison.Ordinal);

        var parts = DiffFolding.Fold(TextDiff.Compute(before, after), byParagraph: false);

        var folded = Assert.Single(parts, p => p.Folded);
        Assert.Equal(20, folded.FoldedUnits); // lines 4..27 less two of context on each side
        Assert.StartsWith("줄 6\n", folded.Segments[0].Text, StringComparison.Ordinal);
        // Nothing is lost: the parts joined are the diff.
        Assert.Equal(string.Concat(TextDiff.Compute(before, after).Select(s => s.Kind + s.Text)),
            string.Concat(parts.SelectMany(p => p.Segments).GroupAdjacent().Select(s => s.Kind + s.Text)));
    }

    [Fact]
    public void ShortRunsAndDiffsWithoutChangesAreNotFolded()
    {
        Assert.DoesNotContain(DiffFolding.Fold(TextDiff.Compute(Lines(1, 6), Lines(1, 6)), byParagraph: false), p => p.Folded);
        var small = Lines(1, 5);
        Assert.DoesNotContain(DiffFolding.Fold(TextDiff.Compute(small, small + "끝\n"), byParagraph: false), p => p.Folded);
    }

    [Fact]
    public void TheRenderedViewFoldsWholeParagraphsOnly()
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 10).Select(i => $"문단 {i} 첫 줄\n둘째 줄\n\n"));
        var parts = DiffFolding.Fold(TextDiff.Compute(paragraphs, paragraphs + "새 문단\n"), byParagraph: true);

        var folded = Assert.Single(parts, p => p.Folded);
        Assert.Equal(8, folded.FoldedUnits);
        Assert.StartsWith("문단 1 첫 줄", folded.Segments[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("둘째 줄\n\n", folded.Segments[0].Text, StringComparison.Ordinal);
    }
}

internal static class SegmentSequence
{
    /// <summary>Adjacent segments of one kind joined, as <see cref="TextDiff.Compute(string, string)"/> answers them.</summary>
    public static IEnumerable<DiffSegment> GroupAdjacent(this IEnumerable<DiffSegment> segments)
    {
        DiffSegment? open = null;
        foreach (var segment in segments)
        {
            if (open is { } o && o.Kind == segment.Kind)
            {
                open = o with { Text = o.Text + segment.Text };
                continue;
            }
            if (open is { } done)
            {
                yield return done;
            }
            open = segment;
        }
        if (open is { } last)
        {
            yield return last;
        }
    }
}
