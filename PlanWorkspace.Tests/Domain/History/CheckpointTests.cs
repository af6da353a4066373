using PlanWorkspace.Domain.History;

namespace PlanWorkspace.Tests.Domain.History;

public sealed class CheckpointTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(5);

    private static HistoryOp Op(int version, int author, long seconds, string insert = "가", int delete = 0) =>
        new(version, author, seconds * 1000, "c", [new OpChange(0, delete, insert)]);

    [Fact]
    public void ABurstClosesAfterTheQuietPeriod()
    {
        var ops = new[] { Op(1, 1, 0), Op(2, 2, 60), Op(3, 1, 299), Op(4, 1, 299 + 300), Op(5, 2, 299 + 301, "", 1) };
        var checkpoints = Checkpoint.Fold(null, ops, Quiet);
        Assert.Equal(2, checkpoints.Count);
        Assert.Equal((1, 3), (checkpoints[0].FromVersion, checkpoints[0].ToVersion));
        Assert.Equal([1, 2], checkpoints[0].AuthorIds);
        Assert.Equal((3, 0), (checkpoints[0].Added, checkpoints[0].Removed));
        Assert.Equal((4, 5), (checkpoints[1].FromVersion, checkpoints[1].ToVersion));
        Assert.Equal((1, 1), (checkpoints[1].Added, checkpoints[1].Removed));
    }

    [Fact]
    public void FoldingContinuesTheOpenCheckpointInsteadOfStartingAnother()
    {
        var first = Checkpoint.Fold(null, [Op(1, 1, 0), Op(2, 1, 10)], Quiet);
        var next = Checkpoint.Fold(first[^1], [Op(3, 2, 20)], Quiet);
        var continued = Assert.Single(next);
        Assert.Equal((1, 3), (continued.FromVersion, continued.ToVersion));
        Assert.Equal([1, 2], continued.AuthorIds);
        Assert.Equal(3, continued.Added);
    }

    [Fact]
    public void NamedVersionsNeedAName()
    {
        Assert.Throws<PlanWorkspace.Domain.Planning.DomainException>(() => new NamedVersion(1, 3, "  ", 1, DateTimeOffset.UnixEpoch));
        Assert.Throws<PlanWorkspace.Domain.Planning.DomainException>(() => new NamedVersion(1, -1, "분과 초안 제출", 1, DateTimeOffset.UnixEpoch));
        Assert.Equal("분과 초안 제출", new NamedVersion(1, 3, " 분과 초안 제출 ", 1, DateTimeOffset.UnixEpoch).Name);
    }
}
