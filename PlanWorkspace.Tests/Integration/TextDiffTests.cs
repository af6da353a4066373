using PlanWorkspace.App.History;

namespace PlanWorkspace.Tests.Integration;

public sealed class TextDiffTests
{
    [Fact]
    public void SegmentsRebuildBothTextsAndMarkWholeKoreanWords()
    {
        const string before = "제조 현장에 인공지능을 도입한다.\n둘째 줄.\n";
        const string after = "제조 현장과 물류에 인공지능을 확산한다.\n둘째 줄.\n셋째 줄.\n";
        var segments = TextDiff.Compute(before, after);
        Assert.Equal(before, string.Concat(segments.Where(s => s.Kind != DiffKind.Inserted).Select(s => s.Text)));
        Assert.Equal(after, string.Concat(segments.Where(s => s.Kind != DiffKind.Deleted).Select(s => s.Text)));
        Assert.Contains(new DiffSegment(DiffKind.Deleted, "도입한다"), segments);
        Assert.Contains(new DiffSegment(DiffKind.Inserted, "확산한다"), segments);
        Assert.Contains(segments, s => s.Kind == DiffKind.Equal && s.Text.Contains("인공지능을", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRestoreChangeSetTurnsAnyTextIntoAnyOtherAndKeepsUnchangedWords()
    {
        var random = new Random(5);
        const string alphabet = "가나다 라마\nab.😀";
        for (var i = 0; i < 200; i++)
        {
            var a = RandomText(random, alphabet);
            var b = random.Next(3) == 0 ? RandomText(random, alphabet) : Mutate(random, a, alphabet);
            Assert.Equal(b, TextDiff.ToChangeSet(a, b).Apply(a));
        }
        var changes = TextDiff.ToChangeSet("하나 둘 셋 넷", "하나 두울 셋 넷");
        var touched = new List<(int, int)>();
        changes.IterChanges((fromA, toA, _, _, _) => touched.Add((fromA, toA)));
        Assert.Equal([(3, 4)], touched);
    }

    [Fact]
    public void TextsPastTheSizeLimitsAreNotComparedButAnsweredAsAWholeReplacement()
    {
        var limits = new DiffLimits(MaxCharacters: 50, MaxLines: 3, MaxWordWork: 1_000);
        var longLine = new string('가', 51);
        const string manyLines = "a\nb\nc\nd";
        Assert.True(TextDiff.Exceeds("짧다", longLine, limits));
        Assert.True(TextDiff.Exceeds(manyLines, "a", limits));
        Assert.False(TextDiff.Exceeds("a\nb\nc", "짧다", limits));

        var segments = TextDiff.Compute(manyLines, manyLines + "e", limits);

        Assert.Equal([new DiffSegment(DiffKind.Deleted, manyLines), new DiffSegment(DiffKind.Inserted, manyLines + "e")], segments);
        Assert.Equal([new DiffSegment(DiffKind.Equal, manyLines)], TextDiff.Compute(manyLines, manyLines, limits));
        Assert.Equal(manyLines + "e", TextDiff.ToChangeSet(manyLines, manyLines + "e").Apply(manyLines));
    }

    [Fact]
    public void ChangedLinesPastTheWordBudgetAreShownWholeAndStillRebuildBothTexts()
    {
        const string before = "같은 줄\n하나 둘 셋 넷 다섯\n같은 끝\n";
        const string after = "같은 줄\n하나 둘 삼 넷 다섯\n같은 끝\n";
        var tight = TextDiff.Compute(before, after, new DiffLimits(MaxWordWork: 10));
        Assert.Contains(new DiffSegment(DiffKind.Deleted, "하나 둘 셋 넷 다섯\n"), tight);
        Assert.Contains(new DiffSegment(DiffKind.Inserted, "하나 둘 삼 넷 다섯\n"), tight);
        Assert.Equal(after, string.Concat(tight.Where(s => s.Kind != DiffKind.Deleted).Select(s => s.Text)));

        var roomy = TextDiff.Compute(before, after);
        Assert.Contains(new DiffSegment(DiffKind.Deleted, "셋"), roomy);
    }

    [Fact]
    public void TheWorstDiffWithinTheDefaultLimitsFinishesInSeconds()
    {
        // Every line and every word differ: Myers' worst case, at the largest size the limits let through.
        var limits = DiffLimits.Default;
        var lines = limits.MaxLines - 1;
        var width = limits.MaxCharacters / lines - 1;
        string Text(char letter) => string.Join('\n', Enumerable.Range(0, lines).Select(i => $"{letter}{i} " + new string(letter, Math.Max(0, width - 8))));
        string OneLine(string word) => string.Join(' ', Enumerable.Repeat(word, limits.MaxCharacters / (word.Length + 1) - 1));
        var (manyOld, manyNew) = (Text('a'), Text('b'));
        var (longOld, longNew) = (OneLine("가"), OneLine("나"));
        Assert.False(TextDiff.Exceeds(manyOld, manyNew, limits));
        Assert.False(TextDiff.Exceeds(longOld, longNew, limits));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var many = TextDiff.Compute(manyOld, manyNew, limits);
        var single = TextDiff.Compute(longOld, longNew, limits);
        clock.Stop();

        Assert.Equal(manyNew, string.Concat(many.Where(s => s.Kind != DiffKind.Deleted).Select(s => s.Text)));
        Assert.Equal(longOld, string.Concat(single.Where(s => s.Kind != DiffKind.Inserted).Select(s => s.Text)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The diffs took {clock.Elapsed}.");
    }

    private static string RandomText(Random random, string alphabet)
    {
        var chars = new System.Text.StringBuilder();
        for (var i = random.Next(0, 40); i > 0; i--)
        {
            var at = random.Next(alphabet.Length);
            if (char.IsLowSurrogate(alphabet[at]))
            {
                at--;
            }
            chars.Append(alphabet, at, char.IsHighSurrogate(alphabet[at]) ? 2 : 1);
        }
        return chars.ToString();
    }

    private static string Mutate(Random random, string text, string alphabet)
    {
        var at = random.Next(text.Length + 1);
        if (at > 0 && at < text.Length && char.IsLowSurrogate(text[at]))
        {
            at--;
        }
        return text[..at] + RandomText(random, alphabet) + text[at..];
    }
}
