using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Text;

public sealed class DocumentAuthorityTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PushAtTheCurrentVersionAppliesAndNumbersTheUpdates()
    {
        var authority = new DocumentAuthority("plan");

        var result = authority.Push(0, [Insert(4, 4, "!", "c1"), Insert(5, 0, "# ", "c1")], "chair", _now);

        Assert.Equal("# plan!", authority.Text);
        Assert.Equal(2, authority.Version);
        Assert.Equal([1, 2], result.Accepted.Select(u => u.Version));
        Assert.All(result.Accepted, u => Assert.Equal(("c1", "chair", _now), (u.ClientId, u.Author, u.Timestamp)));
    }

    [Fact]
    public void PullReturnsTheUpdatesAfterTheGivenVersion()
    {
        var authority = new DocumentAuthority();
        authority.Push(0, [Insert(0, 0, "a", "c1")], "x", _now);
        authority.Push(1, [Insert(1, 1, "b", "c1")], "x", _now);

        Assert.Equal([2], authority.Pull(1).Select(u => u.Version));
        Assert.Equal(2, authority.Pull(0).Count);
        Assert.Empty(authority.Pull(2));
    }

    [Fact]
    public void ConcurrentInsertsAtSamePositionConvergeInServerOrder()
    {
        var authority = new DocumentAuthority("ab");
        authority.Push(0, [Insert(2, 1, "X", "first")], "x", _now);

        // The second client had not seen the first insert; its own goes after it.
        var result = authority.Push(0, [Insert(2, 1, "Y", "second")], "y", _now);

        Assert.Equal("aXYb", authority.Text);
        Assert.Equal("""[2,[0,"Y"],1]""", result.Accepted[0].Changes.ToJsonString());
    }

    [Fact]
    public void UpdatesResentAfterALostAcknowledgementAreNotAppliedTwice()
    {
        var authority = new DocumentAuthority("doc");
        var mine = Insert(3, 3, "+", "c1");
        authority.Push(0, [mine], "x", _now);
        authority.Push(1, [Insert(4, 0, ">", "c2")], "y", _now);

        // c1 never saw its acknowledgement, so it sends its update again with one more.
        var result = authority.Push(0, [mine, Insert(4, 4, "!", "c1")], "x", _now);

        Assert.Equal(">doc+!", authority.Text);
        Assert.Single(result.Accepted);
        Assert.Equal(3, result.Accepted[0].Version);
    }

    [Fact]
    public void AVersionInTheFutureIsRejected()
    {
        var authority = new DocumentAuthority("x");

        var error = Assert.Throws<VersionOutOfRangeException>(() => authority.Pull(1));
        Assert.True(error.IsInFuture);
        Assert.Throws<VersionOutOfRangeException>(() => authority.Push(2, [Insert(1, 0, "a", "c")], "x", _now));
    }

    [Fact]
    public void AnAuthorityStartedFromASnapshotHoldsNothingBeforeIt()
    {
        var authority = new DocumentAuthority("snapshot text", startVersion: 40);
        authority.Push(40, [Insert(13, 0, "> ", "c")], "x", _now);

        Assert.Equal(41, authority.Version);
        Assert.Equal(41, Assert.Single(authority.Pull(40)).Version);
        var error = Assert.Throws<VersionOutOfRangeException>(() => authority.Pull(39));
        Assert.False(error.IsInFuture);
        Assert.Equal(40, error.Oldest);
    }

    [Fact]
    public void TrimmedHistoryIsNoLongerServed()
    {
        var authority = new DocumentAuthority();
        for (var i = 0; i < 5; i++)
        {
            authority.Push(i, [Insert(i, i, "x", "c")], "x", _now);
        }

        authority.TrimHistory(3);

        Assert.Equal(3, authority.StartVersion);
        Assert.Equal([4, 5], authority.Pull(3).Select(u => u.Version));
        Assert.Throws<VersionOutOfRangeException>(() => authority.Pull(2));
        Assert.Throws<VersionOutOfRangeException>(() => authority.Push(2, [Insert(2, 0, "y", "late")], "x", _now));
        Assert.Equal("xxxxx", authority.Text);
    }

    [Fact]
    public void AnUpdateThatDoesNotFitTheDocumentChangesNothing()
    {
        var authority = new DocumentAuthority("abc");

        Assert.Throws<ChangeSetException>(() => authority.Push(0, [Insert(3, 0, "x", "c"), Insert(3, 0, "y", "c")], "x", _now));

        Assert.Equal("abc", authority.Text);
        Assert.Equal(0, authority.Version);
    }

    [Fact]
    public void AnchorsFollowEditsAroundThem()
    {
        var authority = new DocumentAuthority("The plan has goals.");
        authority.TrackAnchor(new Anchor("comment", 4, 8));
        authority.TrackAnchor(new Anchor("cursor", 19, 19, Assoc: 1));

        authority.Push(0, [Insert(19, 0, "National ", "c")], "x", _now);
        authority.Push(1, [Insert(28, 28, " Really.", "c")], "x", _now);

        Assert.Equal("plan", authority.Text[authority.FindAnchor("comment")!.From..authority.FindAnchor("comment")!.To]);
        Assert.Equal(authority.Length, authority.FindAnchor("cursor")!.From);
    }

    [Fact]
    public void AnAnchorWhoseTextIsDeletedIsReportedAndDropped()
    {
        var authority = new DocumentAuthority("keep this and that");
        authority.TrackAnchor(new Anchor("this", 5, 9));
        authority.TrackAnchor(new Anchor("that", 14, 18));

        // Delete "this " and part of "that": only the first anchor lost all its text.
        var changes = ChangeSet.Of(18, new ChangeSpec(5, 10, string.Empty), new ChangeSpec(14, 16, string.Empty));
        var result = authority.Push(0, [new ClientUpdate(changes, "c")], "x", _now);

        var deleted = Assert.Single(result.DeletedAnchors);
        Assert.Equal(("this", 1), (deleted.Anchor.Id, deleted.Version));
        Assert.Null(authority.FindAnchor("this"));
        var that = authority.FindAnchor("that")!;
        Assert.Equal("at", authority.Text[that.From..that.To]);
    }

    [Fact]
    public void APointAnchorIsDeletedWhenADeletionSpansIt()
    {
        var authority = new DocumentAuthority("abcdef");
        authority.TrackAnchor(new Anchor("inside", 3, 3));
        authority.TrackAnchor(new Anchor("edge", 2, 2));

        var result = authority.Push(0, [new ClientUpdate(ChangeSet.Of(6, 2, 4, string.Empty), "c")], "x", _now);

        Assert.Equal("inside", Assert.Single(result.DeletedAnchors).Anchor.Id);
        Assert.Equal(2, authority.FindAnchor("edge")!.From);
    }

    [Fact]
    public void AnchorsOutsideTheTextAreRejected()
    {
        var authority = new DocumentAuthority("abc");

        Assert.Throws<ArgumentOutOfRangeException>(() => authority.TrackAnchor(new Anchor("a", 2, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => authority.TrackAnchor(new Anchor("b", 2, 1)));
    }

    private static ClientUpdate Insert(int length, int at, string text, string clientId) =>
        new(ChangeSet.Of(length, at, at, text), clientId);
}
