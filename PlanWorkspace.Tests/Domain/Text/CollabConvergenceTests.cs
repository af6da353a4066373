using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// Seeded random sessions: several collab clients edit, push and receive in random order with
/// random delivery delays, as ot.js's randomTest and CodeMirror's collab tests do; all replicas
/// must converge. Delays follow the two delivery rules under which collab converges: a client
/// that receives gets everything it missed (it may push from a stale version before that), or a
/// client may receive only part of what it missed but pushes only when it is up to date (the
/// reference authority's rule). Partial delivery combined with stale pushes can diverge in
/// CodeMirror itself; CodeMirrorDifferentialTests shows the C# engine does exactly the same there.
/// </summary>
public sealed class CollabConvergenceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 25)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ClientsThatPushFromStaleVersionsAndReceiveEverythingMissedConverge(int seed)
    {
        RunSession(seed, partialDelivery: false);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ClientsThatReceivePartiallyAndPushOnlyWhenUpToDateConverge(int seed)
    {
        RunSession(seed, partialDelivery: true);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ClientsThatComposeTheirUnsentEditsIntoOneConverge(int seed)
    {
        RunSession(seed, partialDelivery: false, compact: true);
    }

    // With compact, a client composes what it has not sent yet into one update after each edit
    // (as the load bench's editors do while an acknowledgement is slow); what it sent stays as sent.
    private static void RunSession(int seed, bool partialDelivery, bool compact = false)
    {
        var random = new Random(seed);
        var start = RandomChanges.Text(random, 30);
        var authority = new DocumentAuthority(start);
        var clients = Enumerable.Range(0, random.Next(2, 6)).Select(i => new CollabClient("client-" + i, start)).ToArray();
        var sent = clients.ToDictionary(c => c, _ => 0);

        for (var step = 0; step < 300; step++)
        {
            var client = clients[random.Next(clients.Length)];
            switch (random.Next(3))
            {
                case 0:
                    client.Edit(RandomChanges.Set(random, client.Length));
                    if (compact)
                    {
                        var before = client.Text;
                        client.CompactFrom(sent[client]);
                        Assert.Equal(before, client.Text);
                        Assert.InRange(client.SendableUpdates.Count, 0, sent[client] + 1);
                    }
                    break;
                case 1:
                    if (!partialDelivery || client.SyncedVersion == authority.Version)
                    {
                        Push(authority, client);
                        sent[client] = client.SendableUpdates.Count;
                    }

                    break;
                default:
                    var missed = authority.Version - client.SyncedVersion;
                    var count = partialDelivery ? random.Next(missed + 1) : missed;
                    var pending = client.SendableUpdates.Count;
                    client.Receive(authority.Pull(client.SyncedVersion).Take(count).ToList<ICollabUpdate>());
                    sent[client] = Math.Max(0, sent[client] - (pending - client.SendableUpdates.Count));
                    break;
            }
        }

        foreach (var client in clients)
        {
            client.Receive(authority.Pull(client.SyncedVersion).ToList<ICollabUpdate>());
            Push(authority, client);
        }

        foreach (var client in clients)
        {
            client.Receive(authority.Pull(client.SyncedVersion).ToList<ICollabUpdate>());
            Assert.Empty(client.SendableUpdates);
            Assert.Equal(authority.Text, client.Text);
        }

        // The history is a faithful log: replaying it from the start gives the text.
        var replayed = authority.Updates.Aggregate(start, (text, update) => update.Changes.Apply(text));
        Assert.Equal(authority.Text, replayed);
    }

    [Fact]
    public void AClientThatPushesTheSameUpdatesTwiceGetsThemAppliedOnce()
    {
        var authority = new DocumentAuthority("shared");
        var a = new CollabClient("a", "shared");
        var b = new CollabClient("b", "shared");
        a.Edit(ChangeSet.Of(6, 0, 0, "A:"));
        b.Edit(ChangeSet.Of(6, 6, 6, ":B"));

        Push(authority, a);
        Push(authority, b);
        Push(authority, a);

        a.Receive(authority.Pull(a.SyncedVersion).ToList<ICollabUpdate>());
        b.Receive(authority.Pull(b.SyncedVersion).ToList<ICollabUpdate>());
        Assert.Equal("A:shared:B", authority.Text);
        Assert.Equal(authority.Text, a.Text);
        Assert.Equal(authority.Text, b.Text);
        Assert.Equal(2, authority.Version);
    }

    private static void Push(DocumentAuthority authority, CollabClient client)
    {
        if (client.SendableUpdates.Count > 0)
        {
            authority.Push(client.SyncedVersion, client.SendableUpdates.ToList(), client.ClientId, DateTimeOffset.UnixEpoch);
        }
    }
}
