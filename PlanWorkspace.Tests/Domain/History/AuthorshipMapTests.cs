using PlanWorkspace.Domain.History;

namespace PlanWorkspace.Tests.Domain.History;

public sealed class AuthorshipMapTests
{
    [Fact]
    public void InsertionsAreCreditedToTheirAuthorAndDeletionsRemoveCredit()
    {
        var map = new AuthorshipMap(6, 0);           // "원래 본문." by nobody in particular
        map.Replace(3, 0, 2, 7);                     // person 7 inserts two characters in the middle
        map.Replace(0, 1, 0, 9);                     // person 9 deletes the first character
        Assert.Equal([new AuthorshipSpan(0, 2, 0), new AuthorshipSpan(2, 4, 7), new AuthorshipSpan(4, 7, 0)], map.Spans());
        Assert.Equal(7, map.Length);
    }

    [Fact]
    public void AdjacentRunsOfOnePersonMerge()
    {
        var map = new AuthorshipMap(0);
        for (var i = 0; i < 100; i++)
        {
            map.Replace(i, 0, 1, 3);
        }
        Assert.Single(map.Runs);
        map.Replace(50, 0, 1, 4);
        map.Replace(50, 1, 0, 4);
        Assert.Single(map.Runs);
    }

    [Fact]
    public void RandomOpsMatchAPerCharacterModel()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            var text = "0123456789";
            var model = Enumerable.Repeat(0, text.Length).ToList();
            var map = new AuthorshipMap(text.Length);
            foreach (var op in HistoryCodecTests.RandomOps(random, 400, ref text))
            {
                var shift = 0;
                foreach (var change in op.Changes)
                {
                    model.RemoveRange(change.From + shift, change.To - change.From);
                    model.InsertRange(change.From + shift, Enumerable.Repeat(op.AuthorId, change.Insert.Length));
                    shift += change.Insert.Length - (change.To - change.From);
                }
                map.Apply(op);
            }
            var expanded = map.Spans().SelectMany(s => Enumerable.Repeat(s.PersonId, s.To - s.From)).ToList();
            Assert.Equal(model, expanded);
            Assert.Equal(text.Length, map.Length);
        }
    }

    [Fact]
    public void ARangeOutsideTheDocumentIsRefused()
    {
        var map = new AuthorshipMap(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Replace(2, 2, 0, 1));
        Assert.Equal(3, map.Length);
    }
}
