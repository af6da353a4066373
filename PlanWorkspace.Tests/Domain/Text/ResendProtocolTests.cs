using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// The session's push rule (<see cref="StepwiseRebase"/>): a late push is rebased over the missed
/// updates one at a time, and a client with unconfirmed updates receives one update at a time, so
/// both sides compute the same transformations whatever the batching; a push that repeats
/// accepted updates is refused as "behind". With collab's composed rebase instead, random clients
/// with partial delivery diverge — and so does the real @codemirror/collab.
/// </summary>
public sealed class ResendProtocolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void LatePushesRebasedStepwiseConvergeUnderPartialDelivery(int seed)
    {
        var random = new Random(seed);
        var authority = new DocumentAuthority("hello world\nline two\n");
        var clients = Enumerable.Range(0, 6).Select(i => new CollabClient($"c{i}", authority.Text)).ToList();
        var refused = 0;

        void Push(int i)
        {
            var client = clients[i];
            if (client.SendableUpdates.Count == 0)
            {
                return;
            }
            var rebased = StepwiseRebase.Rebase(client.SendableUpdates.ToList(), authority.Pull(client.SyncedVersion));
            if (rebased is null)
            {
                refused++;
                return; // "behind": it repeats accepted updates; the client receives them first
            }
            authority.Push(authority.Version, rebased, "a", DateTimeOffset.UnixEpoch);
        }

        for (var step = 0; step < 4000; step++)
        {
            var i = random.Next(clients.Count);
            var client = clients[i];
            switch (random.Next(3))
            {
                case 0:
                    var length = client.Length;
                    var pos = random.Next(length + 1);
                    if (random.Next(4) == 0 && length > 5)
                    {
                        var to = Math.Min(length, pos + 2);
                        if (to > pos)
                        {
                            client.Edit(ChangeSet.Of(length, pos, to, ""));
                        }
                    }
                    else
                    {
                        client.Edit(ChangeSet.Of(length, pos, pos, random.Next(2) == 0 ? "가" : "나"));
                    }
                    break;
                case 1:
                    // Possibly late, possibly re-sending updates the authority already has.
                    Push(i);
                    break;
                default:
                    var from = client.SyncedVersion;
                    var upTo = Math.Min(authority.Version, from + random.Next(1, 6)); // partial delivery
                    if (upTo > from)
                    {
                        StepwiseRebase.Receive(client, authority.Pull(from).Take(upTo - from).Cast<ICollabUpdate>().ToList());
                    }
                    break;
            }
        }

        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < clients.Count; i++)
            {
                StepwiseRebase.Receive(clients[i], authority.Pull(clients[i].SyncedVersion).Cast<ICollabUpdate>().ToList());
                Push(i);
            }
        }
        foreach (var client in clients)
        {
            StepwiseRebase.Receive(client, authority.Pull(client.SyncedVersion).Cast<ICollabUpdate>().ToList());
            Assert.Empty(client.SendableUpdates);
            Assert.Equal(authority.Text, client.Text);
        }
        Assert.True(refused > 0, "the run exercised re-sent updates");
    }
}
