using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.ScaleOut;

namespace PlanWorkspace.Tests.Integration.ScaleOut;

/// <summary>
/// The parts of presence across instances (ADR-019) that need no second instance: what a message
/// from Redis must look like to be taken, and how the remote lists expire and stay bounded.
/// </summary>
public sealed class RedisPresenceTests
{
    private static RedisPresence.PresenceMessage? Parse(string json) =>
        RedisPresence.Parse(Encoding.UTF8.GetBytes(json), NullLogger.Instance);

    [Fact]
    public void AWellFormedAnnouncementAndAGoodbyeAreRead()
    {
        var announced = Parse("""{"i":"abc123","s":7,"p":[3,3,9],"g":false}""");
        Assert.Equal(new[] { 3, 3, 9 }, announced!.People);
        Assert.Equal(7, announced.SectionId);
        Assert.True(Parse("""{"i":"abc123","s":0,"g":true}""")!.Gone);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"i":"abc","s":7}""")]                        // no people
    [InlineData("""{"i":"abc","s":0,"p":[1]}""")]                // no section
    [InlineData("""{"i":"abc","s":-4,"p":[1]}""")]
    [InlineData("""{"i":"abc","s":7,"p":[0]}""")]                // no such person id
    [InlineData("""{"i":"abc","s":7,"p":["1"]}""")]
    [InlineData("""{"i":"","s":7,"p":[1]}""")]
    [InlineData("""{"i":"a/b","s":7,"p":[1]}""")]                // ids are ours: letters and digits
    [InlineData("""{"s":7,"p":[1]}""")]
    [InlineData("""{"i":"abc","s":7,"p":[1],"g":true}""")]       // a goodbye names no section
    [InlineData("""{"i":"abc","s":2147483648,"p":[1]}""")]
    [InlineData("null")]
    [InlineData("[]")]
    public void AMalformedMessageIsIgnored(string json) => Assert.Null(Parse(json));

    [Fact]
    public void TooManyPeopleOrTooManyBytesAreIgnored()
    {
        var many = string.Join(',', Enumerable.Range(1, RemotePresence.MaxParticipants + 1));
        Assert.Null(Parse($$"""{"i":"abc","s":7,"p":[{{many}}]}"""));
        var allowed = string.Join(',', Enumerable.Range(1, RemotePresence.MaxParticipants));
        Assert.NotNull(Parse($$"""{"i":"abc","s":7,"p":[{{allowed}}]}"""));
        var padded = $$"""{"i":"abc","s":7,"p":[1],"x":"{{new string('a', RedisPresence.MaxMessageBytes)}}"}""";
        Assert.Null(Parse(padded));
        Assert.Null(RedisPresence.Parse(null, NullLogger.Instance));
        Assert.Null(RedisPresence.Parse([], NullLogger.Instance));
    }

    [Fact]
    public void AnAnnouncementCountsForItsLifetimeAndIsSweptAfter()
    {
        var clock = new StepClock();
        var remote = new RemotePresence(clock);
        Assert.True(remote.Replace("b", 7, [Person(1)], TimeSpan.FromSeconds(6)));
        Assert.False(remote.Replace("b", 7, [Person(1)], TimeSpan.FromSeconds(6))); // a beat that changes nothing
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(remote.Of(7));
        Assert.Empty(remote.Sweep());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(remote.Of(7));
        Assert.Equal([7], remote.Sweep());
        Assert.Empty(remote.Sweep());
    }

    [Fact]
    public void AnEmptyListOrAGoodbyeRemovesAtOnceAndOtherSectionsStay()
    {
        var remote = new RemotePresence(new StepClock());
        remote.Replace("b", 7, [Person(1), Person(2)], TimeSpan.FromSeconds(6));
        remote.Replace("b", 8, [Person(3)], TimeSpan.FromSeconds(6));
        remote.Replace("c", 7, [Person(4)], TimeSpan.FromSeconds(6));
        Assert.Equal(3, remote.Of(7).Count);
        Assert.True(remote.Replace("b", 7, [], TimeSpan.FromSeconds(6)));
        Assert.Equal([4], remote.Of(7).Select(p => p.PersonId));
        Assert.Equal([8], remote.RemoveInstance("b"));
        Assert.Empty(remote.Of(8));
        Assert.Single(remote.Of(7));
    }

    [Fact]
    public void ListsAndEntriesAreBounded()
    {
        var remote = new RemotePresence(new StepClock());
        remote.Replace("b", 1, Enumerable.Range(1, RemotePresence.MaxParticipants + 50).Select(Person).ToList(), TimeSpan.FromSeconds(6));
        Assert.Equal(RemotePresence.MaxParticipants, remote.Of(1).Count);
        for (var section = 2; section <= RemotePresence.MaxEntries; section++)
        {
            Assert.True(remote.Replace("b", section, [Person(1)], TimeSpan.FromSeconds(6)));
        }
        Assert.False(remote.Replace("b", RemotePresence.MaxEntries + 1, [Person(1)], TimeSpan.FromSeconds(6)));
        Assert.Empty(remote.Of(RemotePresence.MaxEntries + 1));
        // An entry already held is still renewed.
        Assert.True(remote.Replace("b", 2, [Person(1), Person(2)], TimeSpan.FromSeconds(6)));
    }

    private static Participant Person(int id) => new($"b/{id}", id, "사람" + id, "#000", 0, 0);

    /// <summary>A clock the test moves by hand, for expiries without waiting.</summary>
    private sealed class StepClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
