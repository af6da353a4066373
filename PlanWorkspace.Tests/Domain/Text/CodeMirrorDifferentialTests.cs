using System.Text.Json.Nodes;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Domain.Text;

/// <summary>
/// Generates thousands of seeded random documents and change sets, runs each operation through
/// the real @codemirror/state and @codemirror/collab in Node.js (node/oracle.mjs) and through the
/// C# engine, and requires identical JSON. One Node run serves all facts. Only valid input is
/// sent: with mismatched lengths CodeMirror's mapSet can loop forever instead of throwing, so
/// the C# engine's rejections are covered by ChangeSetTests.
/// </summary>
public sealed class CodeMirrorDifferentialTests : IClassFixture<CodeMirrorDifferentialTests.OracleRun>
{
    private const int CasesPerOperation = 1500;
    private const int CollabScenarios = 600;
    private const int Sessions = 150;

    private readonly OracleRun _run;

    public CodeMirrorDifferentialTests(OracleRun run)
    {
        _run = run;
    }

    [Theory]
    [InlineData("apply")]
    [InlineData("map")]
    [InlineData("mapDesc")]
    [InlineData("setMapDesc")]
    [InlineData("compose")]
    [InlineData("composeDesc")]
    [InlineData("mapPos")]
    [InlineData("invert")]
    [InlineData("of")]
    [InlineData("roundTrip")]
    [InlineData("rebase")]
    [InlineData("receive")]
    [InlineData("session")]
    public void EveryRandomCaseMatchesCodeMirrorExactly(string op)
    {
        var cases = _run.Cases.Where(c => c.Op == op).ToList();
        Assert.True(cases.Count >= Sessions, $"only {cases.Count} cases for {op}");
        foreach (var c in cases)
        {
            // Both engines must throw for the same cases; their messages differ in wording.
            var expected = _run.Results[c.Index];
            if (expected?["error"] is not null && c.Actual["error"] is not null)
            {
                continue;
            }

            if (!JsonNode.DeepEquals(expected, c.Actual))
            {
                Assert.Fail($"{op} case {c.Index} differs from CodeMirror.\ninput:    {c.Input.ToJsonString()}\nexpected: {expected?.ToJsonString()}\nactual:   {c.Actual.ToJsonString()}");
            }
        }
    }

    /// <summary>One case: its operation, input sent to Node and the C# engine's outcome.</summary>
    public sealed record Case(int Index, string Op, JsonObject Input, JsonObject Actual);

    /// <summary>Builds every case, computes the C# results and runs Node once.</summary>
    public sealed class OracleRun
    {
        public OracleRun()
        {
            var random = new Random(20260);
            var cases = new List<Case>();
            for (var i = 0; i < CasesPerOperation; i++)
            {
                AddChangeSetCases(random, cases);
            }

            for (var i = 0; i < CollabScenarios; i++)
            {
                AddCollabCases(random, cases);
            }

            for (var i = 0; i < Sessions; i++)
            {
                AddSession(random, cases, partialDelivery: i % 2 == 0);
            }

            var input = new JsonArray();
            foreach (var c in cases)
            {
                var copy = (JsonObject)c.Input.DeepClone();
                copy["op"] = c.Op;
                input.Add(copy);
            }

            Cases = cases;
            Results = NodeOracle.Run(input);
        }

        public IReadOnlyList<Case> Cases { get; }

        public JsonArray Results { get; }

        private static void AddChangeSetCases(Random random, List<Case> cases)
        {
            var doc = RandomChanges.Text(random, 30);
            var a = RandomChanges.Set(random, doc.Length);
            var b = RandomChanges.Set(random, doc.Length);
            var next = RandomChanges.Set(random, a.NewLength);
            var before = random.Next(2) == 0;

            Add(cases, "apply", new JsonObject { ["doc"] = doc, ["set"] = a.ToJson() }, () => a.Apply(doc));
            Add(cases, "map", new JsonObject { ["a"] = a.ToJson(), ["b"] = b.ToJson(), ["before"] = before }, () => a.Map(b, before).ToJson());
            Add(cases, "mapDesc", new JsonObject { ["a"] = a.Desc.ToJson(), ["b"] = b.Desc.ToJson(), ["before"] = before }, () => a.Desc.MapDesc(b.Desc, before).ToJson());
            Add(cases, "setMapDesc", new JsonObject { ["a"] = a.ToJson(), ["b"] = b.Desc.ToJson(), ["before"] = before }, () => a.MapDesc(b.Desc, before).ToJson());
            Add(cases, "compose", new JsonObject { ["a"] = a.ToJson(), ["b"] = next.ToJson() }, () => a.Compose(next).ToJson());
            Add(cases, "composeDesc", new JsonObject { ["a"] = a.Desc.ToJson(), ["b"] = next.Desc.ToJson() }, () => a.Desc.ComposeDesc(next.Desc).ToJson());
            Add(cases, "invert", new JsonObject { ["doc"] = doc, ["set"] = a.ToJson() }, () => a.Invert(doc).ToJson());
            Add(cases, "roundTrip", new JsonObject { ["set"] = a.ToJson() }, () => ChangeSet.FromJson(a.ToJsonString()).ToJson());

            var pos = random.Next(doc.Length + 1);
            var assoc = random.Next(2) == 0 ? -1 : 1;
            var mode = (MapMode)random.Next(4);
            Add(cases, "mapPos", new JsonObject { ["set"] = a.Desc.ToJson(), ["pos"] = pos, ["assoc"] = assoc, ["mode"] = (int)mode }, () => a.MapPos(pos, assoc, mode));

            var specs = RandomChanges.Specs(random, doc.Length);
            var specJson = new JsonArray();
            foreach (var spec in specs)
            {
                specJson.Add(new JsonObject { ["from"] = spec.From, ["to"] = spec.To, ["insert"] = spec.Insert });
            }

            Add(cases, "of", new JsonObject { ["length"] = doc.Length, ["specs"] = specJson }, () => ChangeSet.Of(doc.Length, specs).ToJson());

            // The keystroke path builds a single replacement without the general machinery.
            var from = random.Next(doc.Length + 1);
            var to = Math.Min(doc.Length, from + random.Next(4));
            var insert = random.Next(3) == 0 ? string.Empty : RandomChanges.Text(random, 4);
            var single = new JsonArray(new JsonObject { ["from"] = from, ["to"] = to, ["insert"] = insert });
            Add(cases, "of", new JsonObject { ["length"] = doc.Length, ["specs"] = single }, () => ChangeSet.Of(doc.Length, from, to, insert).ToJson());
            var keystroke = ChangeSet.Of(doc.Length, from, to, insert);
            Add(cases, "map", new JsonObject { ["a"] = keystroke.ToJson(), ["b"] = a.ToJson(), ["before"] = before }, () => keystroke.Map(a, before).ToJson());
            var after = RandomChanges.Set(random, keystroke.NewLength);
            Add(cases, "compose", new JsonObject { ["a"] = keystroke.ToJson(), ["b"] = after.ToJson() }, () => keystroke.Compose(after).ToJson());
            Add(cases, "apply", new JsonObject { ["doc"] = doc, ["set"] = keystroke.ToJson() }, () => keystroke.Apply(doc));
        }

        // A client "c" makes local updates on D0 while others write to the authority; c's first
        // few updates reach the authority at some point (rebased there), then c re-sends all of
        // them against version 0 and finally receives everything.
        private static void AddCollabCases(Random random, List<Case> cases)
        {
            var doc = RandomChanges.Text(random, 20);
            var local = new List<ChangeSet>();
            var length = doc.Length;
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                // An editor queues no update for an empty change, so a client never sends one.
                var change = RandomChanges.Set(random, length);
                while (change.IsEmpty)
                {
                    change = RandomChanges.Set(random, length);
                }

                local.Add(change);
                length = change.NewLength;
            }

            var authority = new DocumentAuthority(doc);
            var mine = local.Select(l => new ClientUpdate(l, "c")).ToList();
            var confirmed = random.Next(local.Count + 1);
            var othersBefore = random.Next(3);
            var othersAfter = random.Next(3);
            for (var i = 0; i < othersBefore; i++)
            {
                PushOther(random, authority, i);
            }

            if (confirmed > 0)
            {
                authority.Push(0, mine.Take(confirmed).ToList(), "c", DateTimeOffset.UnixEpoch);
            }

            for (var i = 0; i < othersAfter; i++)
            {
                PushOther(random, authority, othersBefore + i);
            }

            var over = authority.Pull(0);
            var updatesJson = ToJson(mine);
            var overJson = ToJson(over);
            Add(cases, "rebase", new JsonObject { ["updates"] = updatesJson, ["over"] = overJson }, () => ToJson(Collab.RebaseUpdates(mine, over.ToList<ICollabUpdate>())));
            Add(
                cases,
                "receive",
                new JsonObject { ["doc"] = doc, ["clientID"] = "c", ["local"] = new JsonArray(local.Select(l => l.ToJson()).ToArray()), ["received"] = overJson.DeepClone() },
                () =>
                {
                    var client = new CollabClient("c", doc);
                    foreach (var l in local)
                    {
                        client.Edit(l);
                    }

                    client.Receive(over.ToList<ICollabUpdate>());
                    return new JsonObject
                    {
                        ["doc"] = client.Text,
                        ["unconfirmed"] = new JsonArray(client.SendableUpdates.Select(u => u.Changes.ToJson()).ToArray()),
                    };
                });
        }

        // A random session of 2-4 clients around one authority. With partial delivery a client
        // may receive only some of the updates it missed and then push from that stale version;
        // collab does not converge (or even throws) in some such sessions, and the C# engine must
        // end every session exactly as CodeMirror's own functions do, converged or not.
        private static void AddSession(Random random, List<Case> cases, bool partialDelivery)
        {
            var start = RandomChanges.Text(random, 20);
            var authority = new DocumentAuthority(start);
            var clients = Enumerable.Range(0, random.Next(2, 5)).Select(i => new CollabClient("s" + i, start)).ToArray();
            var steps = new JsonArray();
            ChangeSetException? failure = null;
            for (var step = 0; step < 120 && failure is null; step++)
            {
                var index = random.Next(clients.Length);
                var client = clients[index];
                try
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            var changes = RandomChanges.Set(random, client.Length);
                            steps.Add(new JsonObject { ["client"] = index, ["edit"] = changes.ToJson() });
                            client.Edit(changes);
                            break;
                        case 1:
                            steps.Add(new JsonObject { ["client"] = index, ["push"] = true });
                            SessionPush(authority, client);
                            break;
                        default:
                            var missed = authority.Version - client.SyncedVersion;
                            var take = partialDelivery ? random.Next(missed + 1) : missed;
                            steps.Add(new JsonObject { ["client"] = index, ["receive"] = take });
                            client.Receive(authority.Pull(client.SyncedVersion, take));
                            break;
                    }
                }
                catch (ChangeSetException ex)
                {
                    // collab itself fails in some partial-delivery sessions; the session ends
                    // here and CodeMirror must fail at the same step.
                    failure = ex;
                }
            }

            var input = new JsonObject
            {
                ["start"] = start,
                ["clients"] = new JsonArray(clients.Select(c => (JsonNode)c.ClientId).ToArray()),
                ["steps"] = steps,
            };
            Add(cases, "session", input, () =>
            {
                if (failure is not null)
                {
                    throw failure;
                }

                foreach (var client in clients)
                {
                    SessionPush(authority, client);
                }

                foreach (var client in clients)
                {
                    client.Receive(authority.Pull(client.SyncedVersion).ToList<ICollabUpdate>());
                }

                return new JsonObject
                {
                    ["server"] = authority.Text,
                    ["version"] = authority.Version,
                    ["clients"] = new JsonArray(clients.Select(c => (JsonNode)c.Text).ToArray()),
                };
            });
        }

        private static void SessionPush(DocumentAuthority authority, CollabClient client)
        {
            if (client.SendableUpdates.Count > 0)
            {
                authority.Push(client.SyncedVersion, client.SendableUpdates.ToList(), client.ClientId, DateTimeOffset.UnixEpoch);
            }
        }

        private static void PushOther(Random random, DocumentAuthority authority, int i)
        {
            var changes = RandomChanges.Set(random, authority.Length);
            authority.Push(authority.Version, [new ClientUpdate(changes, random.Next(2) == 0 ? "o1" : "o2")], "other", DateTimeOffset.UnixEpoch.AddSeconds(i));
        }

        private static JsonArray ToJson(IEnumerable<ICollabUpdate> updates) =>
            new(updates.Select(u => (JsonNode)new JsonObject { ["changes"] = u.Changes.ToJson(), ["clientID"] = u.ClientId }).ToArray());

        private static void Add(List<Case> cases, string op, JsonObject input, Func<JsonNode?> compute)
        {
            JsonObject actual;
            try
            {
                actual = new JsonObject { ["result"] = compute() };
            }
            catch (ChangeSetException ex)
            {
                actual = new JsonObject { ["error"] = ex.Message };
            }

            cases.Add(new Case(cases.Count, op, input, actual));
        }
    }
}
