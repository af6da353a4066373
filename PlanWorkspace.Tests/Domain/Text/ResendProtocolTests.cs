using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// The session's push rule: a push at the current version is taken as it is; a late push is
/// rebased by the authority only when <see cref="RebaseSafety.IsExact"/> says rebasing cannot
/// differ from what the client will compute; otherwise it is refused as "behind" and the client
/// retries after receiving what it missed. Without the rule, random clients with partial
/// delivery diverge — and so does the real @codemirror/collab.
/// </summary>
public sealed class ResendProtocolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void LatePushesRebasedOnlyWhenExactConvergeUnderPartialDelivery(int seed)
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
            var updates = client.SendableUpdates.ToList();
            if (client.SyncedVersion < authority.Version && !RebaseSafety.IsExact(authority.Pull(client.SyncedVersion), updates))
            {
                refused++;
                return; // "behind": the client retries once it has received more
            }
            authority.Push(client.SyncedVersion, updates, "a", DateTimeOffset.UnixEpoch);
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
                        client.Receive(authority.Pull(from).Take(upTo - from).Cast<ICollabUpdate>().ToList());
                    }
                    break;
            }
        }

        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < clients.Count; i++)
            {
                clients[i].Receive(authority.Pull(clients[i].SyncedVersion).Cast<ICollabUpdate>().ToList());
                Push(i);
            }
        }
        foreach (var client in clients)
        {
            client.Receive(authority.Pull(client.SyncedVersion).Cast<ICollabUpdate>().ToList());
            Assert.Empty(client.SendableUpdates);
            Assert.Equal(authority.Text, client.Text);
        }
        Assert.True(refused > 0, "the run exercised refusals");
    }
}
