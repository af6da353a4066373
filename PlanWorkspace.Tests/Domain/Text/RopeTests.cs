using System.Text;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Text;

public sealed class RopeTests
{
    [Fact]
    public void RandomEditsMatchAPlainStringModel()
    {
        var random = new Random(3);
        var model = new StringBuilder();
        var rope = new Rope();
        for (var i = 0; i < 6000; i++)
        {
            var pos = random.Next(model.Length + 1);
            if (random.Next(3) == 0 && model.Length > 0)
            {
                var length = Math.Min(model.Length - pos, random.Next(random.Next(10) == 0 ? 5000 : 20));
                model.Remove(pos, length);
                rope.Delete(pos, length);
            }
            else
            {
                var text = new string((char)('a' + random.Next(26)), random.Next(20) == 0 ? random.Next(6000) : random.Next(1, 8));
                model.Insert(pos, text);
                rope.Insert(pos, text);
            }

            Assert.Equal(model.Length, rope.Length);
            if (i % 500 == 0)
            {
                Assert.Equal(model.ToString(), rope.ToString());
                var from = random.Next(model.Length + 1);
                var count = random.Next(model.Length - from + 1);
                Assert.Equal(model.ToString(from, count), rope.Substring(from, count));
            }
        }

        Assert.Equal(model.ToString(), rope.ToString());
    }

    [Fact]
    public void DeletingEverythingLeavesAnEmptyUsableRope()
    {
        var rope = new Rope(new string('x', 50_000));

        rope.Delete(0, rope.Length);
        rope.Insert(0, "again");

        Assert.Equal("again", rope.ToString());
        Assert.Equal(1, rope.Depth);
    }

    [Fact]
    public void DepthStaysLogarithmicForAMillionCharacters()
    {
        var random = new Random(5);
        var rope = new Rope();
        for (var i = 0; i < 100_000; i++)
        {
            rope.Insert(random.Next(rope.Length + 1), "0123456789");
        }

        Assert.Equal(1_000_000, rope.Length);
        Assert.InRange(rope.Depth, 2, 5);
    }

    [Fact]
    public void AKeystrokeOnALargeTextCopiesNoMoreThanOnASmallOne()
    {
        // Allocation is the observable cost of copying text: a string-backed buffer would
        // allocate the whole document on every keystroke.
        var small = AllocatedPerKeystroke(1_000);
        var large = AllocatedPerKeystroke(100_000);

        Assert.True(large < 200, $"{large} bytes per keystroke on 100,000 characters");
        Assert.True(large <= small + 100, $"{large} bytes per keystroke on 100,000 characters vs {small} on 1,000");
    }

    [Fact]
    public void RangesOutsideTheTextAreRejected()
    {
        var rope = new Rope("abc");

        Assert.Throws<ArgumentOutOfRangeException>(() => rope.Insert(4, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => rope.Delete(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rope.Substring(-1, 1));
    }

    private static double AllocatedPerKeystroke(int size)
    {
        var random = new Random(9);
        var rope = new Rope(new string('x', size));
        const int keystrokes = 20_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < keystrokes; i++)
        {
            var pos = random.Next(rope.Length + 1);
            if (i % 2 == 0)
            {
                rope.Insert(pos, "k");
            }
            else if (pos < rope.Length)
            {
                rope.Delete(pos, 1);
            }
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)keystrokes;
    }
}
