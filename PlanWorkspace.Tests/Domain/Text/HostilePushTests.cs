using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// Pushes an attacker would send: lengths whose sum wraps a 32-bit integer, a valid update
/// followed by a broken one, repeats. The authority takes a push whole or not at all.
/// </summary>
public sealed class HostilePushTests
{
    private static readonly DateTimeOffset _now = DateTimeOffset.UnixEpoch;
    private const string Start = "국가 AI 행동계획";

    // The two payloads that corrupted a section: each part is a valid int, their sum wraps.
    public static TheoryData<string> WrappingPayloads() => new()
    {
        $$"""[[0,"EVIL"],2147483647,[1,"X"],2147483647,{{Start.Length + 1}}]""",
        $$"""[[0,"EVIL"],2147483647,2147483647,{{Start.Length + 2}}]""",
        """[2147483647,2147483647,2]""",
        """[[2147483647,"a"],[2147483647,"b"],[2,"c"]]""",
    };

    [Theory]
    [MemberData(nameof(WrappingPayloads))]
    public void ChangeSetsWhoseLengthsWrapAreRefusedWhenRead(string json)
    {
        var error = Assert.Throws<ChangeSetException>(() => ChangeSet.FromJson(json));
        Assert.Contains("add up to more than", error.Message);
    }

    [Fact]
    public void DescriptionsWhoseLengthsWrapAreRefusedWhenRead()
    {
        Assert.Throws<ChangeSetException>(() => ChangeDesc.FromJson("[2147483647,-1,2147483647,-1,3,-1]"));
        Assert.Throws<ChangeSetException>(() => ChangeDesc.FromJson("[1,2147483647,1,2147483647]"));
    }

    [Fact]
    public void LengthsUpToTheLimitStillRead()
    {
        var changes = ChangeSet.FromJson("[2147483646,[1,\"x\"]]");
        Assert.Equal(int.MaxValue, changes.Length);
        Assert.Equal(int.MaxValue, changes.NewLength);
    }

    [Fact]
    public void AValidUpdateFollowedByABrokenOneChangesNothing()
    {
        var authority = new DocumentAuthority(Start);
        var good = new ClientUpdate(ChangeSet.Of(Start.Length, 0, 0, "좋은 "), "p1-a");
        var broken = new ClientUpdate(ChangeSet.Of(Start.Length + 5, 0, 0, "X"), "p1-a");

        Assert.Throws<ChangeSetException>(() => authority.Receive(0, [good, broken], "1", _now));

        Assert.Equal((0, Start), (authority.Version, authority.Text));
        var honest = authority.Receive(0, [good], "1", _now);
        Assert.Equal((1, "좋은 " + Start), (honest.Version, authority.Text));
    }

    [Fact]
    public void ReceiveRebasesALatePushOverEachMissedUpdate()
    {
        var authority = new DocumentAuthority("ab");
        authority.Receive(0, [new ClientUpdate(ChangeSet.Of(2, 0, 0, "X"), "p1-a")], "1", _now);
        authority.Receive(1, [new ClientUpdate(ChangeSet.Of(3, 3, 3, "Y"), "p1-a")], "1", _now);

        var late = authority.Receive(0, [new ClientUpdate(ChangeSet.Of(2, 1, 1, "-"), "p2-b")], "2", _now);

        Assert.False(late.Behind);
        Assert.Equal((3, "Xa-bY"), (late.Version, authority.Text));
    }

    [Fact]
    public void APushRepeatingItsOwnAcceptedUpdateIsBehindAndAppliesNothing()
    {
        var authority = new DocumentAuthority("ab");
        var mine = new ClientUpdate(ChangeSet.Of(2, 2, 2, "!"), "p1-a");
        authority.Receive(0, [mine], "1", _now);

        var again = authority.Receive(0, [mine], "1", _now);

        Assert.True(again.Behind);
        Assert.Equal((1, "ab!"), (again.Version, authority.Text));
    }

    [Fact]
    public void AppendFollowsAnotherAuthorityAndRefusesAGap()
    {
        var writer = new DocumentAuthority("plan");
        var reader = writer.Clone();
        var accepted = writer.Receive(0, [new ClientUpdate(ChangeSet.Of(4, 4, 4, " 2030"), "p1-a")], "1", _now).Accepted;

        reader.Append(accepted);

        Assert.Equal((writer.Version, writer.Text), (reader.Version, reader.Text));
        Assert.Equal(accepted[0].ClientId, reader.Pull(0)[0].ClientId);
        Assert.Throws<ArgumentException>(() => reader.Append(accepted));
        Assert.Equal(1, reader.Version);
    }

    [Fact]
    public void ACloneIsIndependentOfItsOriginal()
    {
        var original = new DocumentAuthority("원문");
        original.TrackAnchor(new Anchor("t1", 0, 2));
        var copy = original.Clone();

        original.Receive(0, [new ClientUpdate(ChangeSet.Of(2, 0, 2, ""), "p1-a")], "1", _now);

        Assert.Equal((0, "원문"), (copy.Version, copy.Text));
        Assert.NotNull(copy.FindAnchor("t1"));
        Assert.Null(original.FindAnchor("t1"));
    }
}
