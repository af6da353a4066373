using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Domain.Text;

public sealed class ChangeSetTests
{
    [Fact]
    public void JsonRoundTripKeepsCodeMirrorsWireFormat()
    {
        const string json = """[3,[2,"ab","c"],[1],4]""";

        var changes = ChangeSet.FromJson(json);

        Assert.Equal(json, changes.ToJsonString());
        Assert.Equal(10, changes.Length);
        Assert.Equal(11, changes.NewLength);
        Assert.Equal("3 2:4 1:0 4", changes.ToString());
    }

    [Fact]
    public void DescriptionJsonIsTheFlatSectionArray()
    {
        var changes = ChangeSet.FromJson("""[3,[2,"ab","c"],4]""");

        Assert.Equal("[3,-1,2,4,4,-1]", changes.Desc.ToJsonString());
        Assert.Equal("[3,-1,2,4,4,-1]", ChangeDesc.FromJson("[3,-1,2,4,4,-1]").ToJsonString());
    }

    [Fact]
    public void ApplyReplacesEveryRangeGivenInOriginalPositions()
    {
        var changes = ChangeSet.Of(11, new ChangeSpec(6, 11, "there"), new ChangeSpec(0, 5, "HELLO"));

        Assert.Equal("HELLO there", changes.Apply("hello world"));
    }

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[[-2]]")]
    [InlineData("[1.5]")]
    [InlineData("[[2, 3]]")]
    [InlineData("[[2, \"a\\nb\"]]")]
    [InlineData("[[]]")]
    [InlineData("[0]")]
    [InlineData("[[0, \"\"]]")]
    [InlineData("{\"sections\": []}")]
    [InlineData("[\"3\"]")]
    [InlineData("not json")]
    public void MalformedChangeSetJsonIsRejected(string json)
    {
        Assert.Throws<ChangeSetException>(() => ChangeSet.FromJson(json));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[-1,-1]")]
    [InlineData("[2,-2]")]
    [InlineData("[0,-1]")]
    [InlineData("[1,true]")]
    public void MalformedChangeDescJsonIsRejected(string json)
    {
        Assert.Throws<ChangeSetException>(() => ChangeDesc.FromJson(json));
    }

    [Fact]
    public void ApplyingToADocumentOfAnotherLengthThrows()
    {
        var changes = ChangeSet.Of(5, 1, 2, "x");

        Assert.Throws<ChangeSetException>(() => changes.Apply("abcd"));
        Assert.Throws<ChangeSetException>(() => changes.ApplyTo(new Rope("abcdef")));
    }

    [Fact]
    public void ComposingOrMappingMismatchedLengthsThrows()
    {
        var a = ChangeSet.Of(5, 1, 2, "xy");
        var b = ChangeSet.Of(5, 0, 0, "z");

        Assert.Throws<ChangeSetException>(() => a.Compose(b));
        Assert.Throws<ChangeSetException>(() => a.Map(ChangeSet.Empty(4)));
        Assert.Throws<ChangeSetException>(() => ChangeSet.Empty(3).Compose(b));
        Assert.Throws<ChangeSetException>(() => a.Desc.MapDesc(ChangeSet.Empty(7).Desc));
    }

    [Fact]
    public void RangesOutsideTheDocumentAreRejected()
    {
        Assert.Throws<ChangeSetException>(() => ChangeSet.Of(3, 2, 4, "x"));
        Assert.Throws<ChangeSetException>(() => ChangeSet.Of(3, -1, 0, "x"));
        Assert.Throws<ChangeSetException>(() => ChangeSet.Of(3, 2, 1, "x"));
        Assert.Throws<ChangeSetException>(() => ChangeSet.Empty(-1));
    }

    [Fact]
    public void ConcurrentInsertsAtSamePositionGoInTheOrderTheBeforeFlagSays()
    {
        var a = ChangeSet.Of(2, 1, 1, "a");
        var b = ChangeSet.Of(2, 1, 1, "b");

        Assert.Equal("xbay", a.Map(b).Apply(b.Apply("xy")));
        Assert.Equal("xaby", a.Map(b, before: true).Apply(b.Apply("xy")));
    }

    [Fact]
    public void EmptyChangeSetsChangeNothing()
    {
        Assert.True(ChangeSet.Empty(5).IsEmpty);
        Assert.Equal("[5]", ChangeSet.Empty(5).ToJsonString());
        Assert.Equal("[]", ChangeSet.Empty(0).ToJsonString());
        Assert.Equal("abc", ChangeSet.Of(3, 1, 1, string.Empty).Apply("abc"));
    }

    [Fact]
    public void TrackingModesReportTheDeletedPositions()
    {
        // Deletes 3..6 of a ten-character document.
        var changes = ChangeSet.Of(10, 3, 6, string.Empty);

        Assert.Equal(3, changes.MapPos(4));
        Assert.Null(changes.MapPos(4, -1, MapMode.TrackDel));
        Assert.Equal(3, changes.MapPos(3, -1, MapMode.TrackDel));
        Assert.Null(changes.MapPos(3, 1, MapMode.TrackAfter));
        Assert.Null(changes.MapPos(6, -1, MapMode.TrackBefore));
        Assert.Equal(3, changes.MapPos(6, 1, MapMode.TrackAfter));
        Assert.Equal(7, changes.MapPos(10));
    }

    [Fact]
    public void AssocDecidesWhichSideOfAnInsertionAPositionLands()
    {
        var changes = ChangeSet.Of(4, 2, 2, "xyz");

        Assert.Equal(2, changes.MapPos(2, -1));
        Assert.Equal(5, changes.MapPos(2, 1));
    }

    [Fact]
    public void MappingAPositionOutsideTheDocumentThrows()
    {
        var changes = ChangeSet.Of(4, 1, 2, "x");

        Assert.Throws<ChangeSetException>(() => changes.MapPos(5));
        Assert.Throws<ChangeSetException>(() => changes.MapPos(-1));
    }

    [Fact]
    public void PositionsCountUtf16CodeUnits()
    {
        const string doc = "a😀b";
        var changes = ChangeSet.Of(doc.Length, 3, 3, "X");

        Assert.Equal(4, doc.Length);
        Assert.Equal("a😀Xb", changes.Apply(doc));
        Assert.Equal("""[3,[0,"X"],1]""", changes.ToJsonString());
    }

    [Fact]
    public void HalfASurrogatePairIsRefusedInJsonRatherThanReplaced()
    {
        // Deleting one unit of an emoji leaves half of the pair in the composed insertion.
        var split = ChangeSet.Of(0, 0, 0, "😀").Compose(ChangeSet.Of(2, 1, 2, string.Empty));

        Assert.Equal(1, split.NewLength);
        Assert.Throws<ChangeSetException>(() => split.ToJson());
        Assert.Throws<ChangeSetException>(() => ChangeSet.FromJson("""[[0, "\ud83d"]]"""));
        Assert.Equal(2, ChangeSet.FromJson("""[[0, "\ud83d\ude00"]]""").NewLength);
    }

    [Fact]
    public void ComposeAgreesWithApplyingOneAfterTheOther()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var doc = RandomChanges.Text(random, 40);
            var a = RandomChanges.Set(random, doc.Length);
            var b = RandomChanges.Set(random, a.NewLength);

            Assert.Equal(b.Apply(a.Apply(doc)), a.Compose(b).Apply(doc));
        }
    }

    [Fact]
    public void ChangesMappedOverEachOtherConverge()
    {
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var doc = RandomChanges.Text(random, 40);
            var a = RandomChanges.Set(random, doc.Length);
            var b = RandomChanges.Set(random, doc.Length);

            Assert.Equal(a.Compose(b.Map(a)).Apply(doc), b.Compose(a.Map(b, before: true)).Apply(doc));
        }
    }

    [Fact]
    public void InvertUndoesTheChange()
    {
        var random = new Random(13);
        for (var i = 0; i < 2000; i++)
        {
            var doc = RandomChanges.Text(random, 40);
            var changes = RandomChanges.Set(random, doc.Length);

            Assert.Equal(doc, changes.Invert(doc).Apply(changes.Apply(doc)));
            Assert.Equal(changes.InvertedDesc.ToJsonString(), changes.Invert(doc).Desc.ToJsonString());
        }
    }

    [Fact]
    public void ApplyingToARopeGivesTheSameTextAsApplyingToAString()
    {
        var random = new Random(17);
        var doc = RandomChanges.Text(random, 3000);
        var rope = new Rope(doc);
        for (var i = 0; i < 2000; i++)
        {
            var changes = RandomChanges.Set(random, doc.Length);
            doc = changes.Apply(doc);
            changes.ApplyTo(rope);
        }

        Assert.Equal(doc, rope.ToString());
    }

    [Fact]
    public void IterChangesReportsAdjacentChangesTogether()
    {
        var changes = ChangeSet.FromJson("""[1,[1,"ab"],[0,"c"],2]""");
        var seen = new List<string>();

        changes.IterChanges((fromA, toA, fromB, toB, text) => seen.Add($"{fromA}-{toA}>{fromB}-{toB}:{text}"));

        Assert.Equal(["1-2>1-4:abc"], seen);
    }
}
