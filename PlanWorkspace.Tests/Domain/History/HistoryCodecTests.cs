using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.History;

public sealed class HistoryCodecTests
{
    /// <summary>Random ops on a random document: single keystrokes, deletions, multi-range changes, Hangul and emoji.</summary>
    internal static List<HistoryOp> RandomOps(Random random, int count, ref string text, int firstVersion = 1, long startTime = 1_700_000_000_000)
    {
        const string alphabet = "가나다라 abc\n😀.";
        var ops = new List<HistoryOp>();
        var time = startTime;
        for (var i = 0; i < count; i++)
        {
            var specs = new List<ChangeSpec>();
            var ranges = random.Next(8) == 0 ? 3 : 1;
            var at = 0;
            for (var r = 0; r < ranges && at <= text.Length; r++)
            {
                var from = random.Next(at, text.Length + 1);
                if (from > 0 && char.IsLowSurrogate(text[Math.Min(from, text.Length - 1)]) && from < text.Length)
                {
                    from--;
                }
                var to = from;
                if (random.Next(3) == 0)
                {
                    to = Math.Min(text.Length, from + random.Next(1, 5));
                    if (to < text.Length && char.IsLowSurrogate(text[to]))
                    {
                        to++;
                    }
                }
                var insert = random.Next(4) == 0 ? string.Empty : Pick(random, alphabet, random.Next(1, 4));
                specs.Add(new ChangeSpec(from, to, insert));
                at = to + 1;
            }
            var changes = ChangeSet.Of(text.Length, specs.ToArray());
            time += random.Next(10) == 0 ? random.Next(1, 10_000_000) : random.Next(50, 500);
            ops.Add(HistoryOp.From(firstVersion + i, random.Next(1, 4), time, $"client-{random.Next(3)}", changes));
            text = changes.Apply(text);
        }
        return ops;
    }

    private static string Pick(Random random, string alphabet, int length)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var at = random.Next(alphabet.Length);
            if (char.IsLowSurrogate(alphabet[at]))
            {
                at--;
            }
            result.Append(alphabet, at, char.IsHighSurrogate(alphabet[at]) ? 2 : 1);
        }
        return result.ToString();
    }

    [Fact]
    public void BlocksRoundTripRandomOpsExactly()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var text = "시작 text";
            var ops = RandomOps(random, 300, ref text, firstVersion: 17);
            var decoded = HistoryCodec.DecodeBlock(HistoryCodec.EncodeBlock(ops));
            Assert.Equal(ops.Count, decoded.Count);
            for (var i = 0; i < ops.Count; i++)
            {
                Assert.Equal(ops[i].Version, decoded[i].Version);
                Assert.Equal(ops[i].AuthorId, decoded[i].AuthorId);
                Assert.Equal(ops[i].Timestamp, decoded[i].Timestamp);
                Assert.Equal(ops[i].ClientId, decoded[i].ClientId);
                Assert.Equal(ops[i].Changes, decoded[i].Changes);
            }
        }
    }

    [Fact]
    public void AppliedDecodedOpsGiveTheSameTextAsTheChangeSets()
    {
        var random = new Random(7);
        var start = "# 제목\n본문";
        var text = start;
        var ops = RandomOps(random, 500, ref text);
        var rope = new Rope(start);
        foreach (var op in HistoryCodec.DecodeBlock(HistoryCodec.EncodeBlock(ops)))
        {
            op.ApplyTo(rope);
        }
        Assert.Equal(text, rope.ToString());
    }

    [Fact]
    public void KeyframesRoundTripTextAndAuthorship()
    {
        var authorship = new AuthorshipMap(5, 0);
        authorship.Replace(2, 1, 4, 9);
        var text = "가나abcd다라";
        var (decodedText, decodedAuthorship) = HistoryCodec.DecodeKeyframe(HistoryCodec.EncodeKeyframe(text, authorship));
        Assert.Equal(text, decodedText);
        Assert.Equal(authorship.Runs, decodedAuthorship.Runs);
    }

    [Fact]
    public void NonConsecutiveVersionsAndDamagedDataAreRefused()
    {
        var op = new HistoryOp(1, 1, 0, "c", [new OpChange(0, 0, "a")]);
        Assert.Throws<ArgumentException>(() => HistoryCodec.EncodeBlock([op, op with { Version = 3 }]));
        Assert.Throws<InvalidDataException>(() => HistoryCodec.DecodeBlock([1, 2, 3, 4, 5]));
        var keyframe = HistoryCodec.EncodeKeyframe("ab", new AuthorshipMap(2));
        Assert.Throws<InvalidDataException>(() => HistoryCodec.DecodeBlock(keyframe));
    }
}
