using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Traces;

/// <summary>The outcome of a replay: the authority and, for concurrent traces, every agent's replica.</summary>
/// <param name="Authority">The server's document after the replay.</param>
/// <param name="Clients">The agents' replicas (empty for sequential replays).</param>
public sealed record ReplayResult(DocumentAuthority Authority, IReadOnlyList<CollabClient> Clients)
{
    /// <summary>True when the authority and every replica hold <paramref name="endContent"/>.</summary>
    public bool EndsWith(string endContent)
    {
        if (Authority.Text != endContent)
        {
            return false;
        }

        foreach (var client in Clients)
        {
            if (client.Text != endContent)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Replays editing traces through a <see cref="DocumentAuthority"/> (shared by the benchmark and the tests).</summary>
public static class TraceReplay
{
    /// <summary>
    /// Seed of the default delivery schedule for concurrent traces. friendsforever has one spot
    /// (transactions 22360-22368) where one agent deletes a character and retypes before it while
    /// the other types just after it: once the deletion is applied both insertions sit at the
    /// same position, which OT (CodeMirror included) orders by arrival at the authority, whereas
    /// the recording ordered them by the deleted character. Every schedule converges; this one
    /// delivers them in the recorded order and so reproduces endContent exactly.
    /// </summary>
    public const int DefaultSeed = 18;

    /// <summary>Push probability of the default delivery schedule.</summary>
    public const double DefaultPushProbability = 0.3;

    /// <summary>Replays a sequential trace or, for a concurrent one, <see cref="ReplayConcurrent"/> with the default schedule.</summary>
    public static ReplayResult Replay(EditTrace trace) =>
        trace.IsConcurrent ? ReplayConcurrent(trace, DefaultSeed, DefaultPushProbability) : ReplaySequential(trace);

    /// <summary>
    /// Pushes every transaction, as one update, to a single authority at its current version —
    /// the keystroke path of the server with one editor.
    /// </summary>
    public static ReplayResult ReplaySequential(EditTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var authority = new DocumentAuthority(trace.StartContent);
        var clientIds = new string[trace.NumAgents];
        for (var a = 0; a < clientIds.Length; a++)
        {
            clientIds[a] = "agent-" + a;
        }

        // The authority copies what it accepts, so one batch array serves every push.
        var batch = new ClientUpdate[1];
        var txns = trace.Txns;
        for (var i = 0; i < txns.Count; i++)
        {
            var txn = txns[i];
            batch[0] = new ClientUpdate(ToChangeSet(authority.Length, txn.Patches), clientIds[txn.Agent]);
            authority.Push(authority.Version, batch, clientIds[txn.Agent], txn.Time);
        }

        return new ReplayResult(authority, []);
    }

    /// <summary>
    /// Replays a concurrent trace with every agent as a real collab client: it types each of its
    /// transactions on exactly the document its parents describe, knowing only the updates it
    /// pulled. After each edit it pushes all its unconfirmed updates against its synced version
    /// with probability <paramref name="pushProbability"/> (seeded by <paramref name="seed"/>),
    /// re-sending ones not yet confirmed; when another agent needs one of its edits it pushes up
    /// to that edit. At the end everyone pushes and pulls everything.
    /// </summary>
    /// <param name="trace">The concurrent trace.</param>
    /// <param name="seed">Seeds the push schedule.</param>
    /// <param name="pushProbability">How likely an agent pushes after each edit.</param>
    /// <param name="beforePush">Called with the authority, the base version and the updates of every push before it is made (tests compare rebase rules on it).</param>
    /// <exception cref="InvalidDataException">The trace needs knowledge no in-order client can have.</exception>
    public static ReplayResult ReplayConcurrent(EditTrace trace, int seed, double pushProbability, Action<DocumentAuthority, int, IReadOnlyList<ClientUpdate>>? beforePush = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new ConcurrentReplay(trace, seed, pushProbability, beforePush).Run();
    }

    /// <summary>The patches of one transaction as one change set on a document of <paramref name="length"/>.</summary>
    public static ChangeSet ToChangeSet(int length, TracePatch[] patches)
    {
        // Patches apply one after another, so each is built on the length the previous left.
        var first = patches[0];
        var changes = ChangeSet.Of(length, first.Pos, first.Pos + first.Delete, first.Insert);
        for (var p = 1; p < patches.Length; p++)
        {
            var patch = patches[p];
            changes = changes.Compose(ChangeSet.Of(changes.NewLength, patch.Pos, patch.Pos + patch.Delete, patch.Insert));
        }

        return changes;
    }

    private sealed class ConcurrentReplay
    {
        private readonly EditTrace _trace;
        private readonly Random _random;
        private readonly double _pushProbability;
        private readonly DocumentAuthority _server = new();
        private readonly CollabClient[] _clients;

        // Per agent: its transactions in order (a chain), and how many of them each replica knows.
        private readonly List<int>[] _chains;
        private readonly int[] _chainIndex;
        private readonly int[][] _known;

        // Per agent: the transactions behind its unconfirmed updates, oldest first.
        private readonly Queue<int>[] _pending;

        // Per transaction: the server version that accepted it (0 = not yet pushed); per server
        // version: the transaction behind it.
        private readonly int[] _serverVersion;
        private readonly List<int> _txnAtVersion = [-1];

        private readonly Action<DocumentAuthority, int, IReadOnlyList<ClientUpdate>>? _beforePush;

        public ConcurrentReplay(EditTrace trace, int seed, double pushProbability, Action<DocumentAuthority, int, IReadOnlyList<ClientUpdate>>? beforePush)
        {
            _trace = trace;
            _beforePush = beforePush;
            _random = new Random(seed);
            _pushProbability = pushProbability;
            var agents = trace.NumAgents;
            _clients = new CollabClient[agents];
            _chains = new List<int>[agents];
            _known = new int[agents][];
            _pending = new Queue<int>[agents];
            for (var a = 0; a < agents; a++)
            {
                _clients[a] = new CollabClient("agent-" + a, trace.StartContent);
                _chains[a] = [];
                _known[a] = new int[agents];
                _pending[a] = new Queue<int>();
            }

            _chainIndex = new int[trace.Txns.Count];
            _serverVersion = new int[trace.Txns.Count];
            for (var i = 0; i < trace.Txns.Count; i++)
            {
                var agent = trace.Txns[i].Agent;
                _chainIndex[i] = _chains[agent].Count;
                _chains[agent].Add(i);
            }
        }

        public ReplayResult Run()
        {
            var txns = _trace.Txns;
            var agents = _clients.Length;

            // Vector clocks: how many of each agent's transactions lie in a transaction's history.
            var clocks = new int[txns.Count][];
            var required = new int[agents];
            for (var i = 0; i < txns.Count; i++)
            {
                var txn = txns[i];
                Array.Clear(required);
                foreach (var parent in txn.Parents)
                {
                    var clock = clocks[parent];
                    for (var a = 0; a < agents; a++)
                    {
                        required[a] = Math.Max(required[a], clock[a]);
                    }
                }

                SyncTo(txn.Agent, required, i);
                var own = (int[])required.Clone();
                own[txn.Agent] = _chainIndex[i] + 1;
                clocks[i] = own;

                Type(txn.Agent, i);
                if (_random.NextDouble() < _pushProbability)
                {
                    PushAll(txn.Agent);
                }
            }

            for (var a = 0; a < agents; a++)
            {
                PushAll(a);
            }

            for (var a = 0; a < agents; a++)
            {
                Receive(a, _server.Version);
            }

            return new ReplayResult(_server, _clients);
        }

        // Brings agent's replica to exactly the knowledge `required` describes.
        private void SyncTo(int agent, int[] required, int txn)
        {
            if (required[agent] != _known[agent][agent])
            {
                throw new InvalidDataException($"Transaction {txn} of agent {agent} was typed without the agent's own earlier edits.");
            }

            var target = _clients[agent].SyncedVersion;
            for (var other = 0; other < required.Length; other++)
            {
                if (other == agent || required[other] == 0)
                {
                    continue;
                }

                if (required[other] < _known[agent][other])
                {
                    throw new InvalidDataException($"Transaction {txn} of agent {agent} ignores edits of agent {other} it had already received.");
                }

                var last = _chains[other][required[other] - 1];
                if (_serverVersion[last] == 0)
                {
                    // The other agent sends what this one needs now, up to that edit.
                    PushUpTo(other, last);
                }

                target = Math.Max(target, _serverVersion[last]);
            }

            if (target > _clients[agent].SyncedVersion)
            {
                Receive(agent, target);
            }

            for (var other = 0; other < required.Length; other++)
            {
                if (other != agent && _known[agent][other] != required[other])
                {
                    throw new InvalidDataException($"Transaction {txn}: an in-order client of agent {agent} cannot know exactly the edits its parents name.");
                }
            }
        }

        private void Type(int agent, int txn)
        {
            var client = _clients[agent];
            var patches = _trace.Txns[txn].Patches;
            if (!_trace.PositionsAreUtf16)
            {
                patches = ToUtf16(client.Text, patches);
            }

            var changes = ToChangeSet(client.Length, patches);
            if (changes.IsEmpty)
            {
                throw new InvalidDataException($"Transaction {txn} changes nothing; the replay maps every transaction to one update.");
            }

            client.Edit(changes);
            _pending[agent].Enqueue(txn);
            _known[agent][agent]++;
        }

        private void PushAll(int agent) => PushUpTo(agent, -1);

        // Sends the client's unconfirmed updates (all of them, or those up to the one for
        // transaction `upTo`) against its synced version, as a collab client does.
        private void PushUpTo(int agent, int upTo)
        {
            var client = _clients[agent];
            var sendable = client.SendableUpdates;
            var count = sendable.Count;
            if (upTo >= 0)
            {
                count = 0;
                foreach (var txn in _pending[agent])
                {
                    count++;
                    if (txn == upTo)
                    {
                        break;
                    }
                }
            }

            if (count == 0)
            {
                return;
            }

            var sent = new ClientUpdate[count];
            for (var i = 0; i < count; i++)
            {
                sent[i] = sendable[i];
            }

            _beforePush?.Invoke(_server, client.SyncedVersion, sent);
            var result = _server.Push(client.SyncedVersion, sent, client.ClientId, _trace.Txns[_pending[agent].Peek()].Time);

            // Duplicates are dropped from the front, so what was accepted is the tail of what was sent.
            var skip = sent.Length - result.Accepted.Count;
            var k = 0;
            foreach (var txn in _pending[agent])
            {
                if (k == count)
                {
                    break;
                }

                if (k >= skip)
                {
                    var version = result.Accepted[k - skip].Version;
                    _serverVersion[txn] = version;
                    _txnAtVersion.Add(txn);
                    if (_txnAtVersion.Count - 1 != version)
                    {
                        throw new InvalidOperationException("Server versions are not contiguous.");
                    }
                }

                k++;
            }
        }

        private void Receive(int agent, int version)
        {
            var client = _clients[agent];
            var updates = _server.Pull(client.SyncedVersion, version - client.SyncedVersion);
            for (var i = 0; i < updates.Count; i++)
            {
                var update = updates[i];
                var txn = _txnAtVersion[update.Version];
                var author = _trace.Txns[txn].Agent;
                if (author == agent)
                {
                    _pending[agent].Dequeue();
                }
                else
                {
                    _known[agent][author]++;
                }
            }

            client.Receive(updates);
        }

        private static TracePatch[] ToUtf16(string text, TracePatch[] patches)
        {
            var converted = new TracePatch[patches.Length];
            for (var p = 0; p < patches.Length; p++)
            {
                var (pos, delete, insert) = patches[p];
                var from = EditTrace.CodePointToUtf16(text, pos);
                var to = from + EditTrace.CodePointToUtf16(text[from..], delete);
                converted[p] = new TracePatch(from, to - from, insert);
                text = string.Concat(text.AsSpan(0, from), insert, text.AsSpan(to));
            }

            return converted;
        }
    }
}
