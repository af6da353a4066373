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
