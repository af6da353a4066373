using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;
using Xunit.Abstractions;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// A fuzzer over real connections: for a fixed time budget (FUZZ_SECONDS, 45 s by default),
/// honest editors type while every connection — chairs, an advisor, another body's chair, the
/// vice-chair — also sends random and mutated pushes, pulls, cursors and joins (wrapping and
/// negative numbers, lone surrogates, replayed and reordered versions, other people's client ids),
/// and review calls with random selections. Afterwards the server is up, every section loads from
/// its op log, the log replays to what every honest editor holds, and nothing was stored by
/// anyone who may not change that section.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class HubFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] _people =
        ["chair.industry-ax@plan.local", "secretariat@plan.local", "advisor1@plan.local", "chair.tech-infra@plan.local", "vicechair@plan.local"];

    private LiveServer _server = default!;

    public Task InitializeAsync()
    {
        _server = LiveServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RandomAndHostileCallsNeverCorruptASectionOrStoreAnUnauthorisedChange()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), out var s) ? s : 45;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, {seconds} s");
        var target = await _server.SectionIdAsync("industry-ax");
        var other = await _server.SectionIdAsync("tech-infra");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 120));
        var honest = new List<RemoteEditor>
        {
            await _server.ConnectAsync(_people[0], target),
            await _server.ConnectAsync(_people[1], target),
            await _server.ConnectAsync("chair.tech-infra@plan.local", other),
        };
        var attackers = new List<RemoteEditor>();
        foreach (var email in _people)
        {
            attackers.Add(await _server.ConnectAsync(email, target));
        }
        var seen = new SeenUpdates();
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        var counts = new int[3];

        var typing = honest.Select((editor, i) => Task.Run(() => TypeAsync(editor, new Random(seed + i), stop, cts.Token)));
        var attacks = attackers.Select((editor, i) => Task.Run(() => AttackAsync(editor, attackers, seen, new Random(seed + 100 + i), stop, counts, cts.Token)));
        var reviews = Task.Run(() => ReviewAsync(target, new Random(seed + 1000), stop, cts.Token));
        await Task.WhenAll([.. typing, .. attacks, reviews]);
        output.WriteLine($"calls {counts[0]}, refused {counts[1]}, accepted hostile pushes {counts[2]}");

        // The server is up and answers.
        using (var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = LiveServer.Timeout })
        {
            Assert.True((await http.GetAsync("/account/login", cts.Token)).IsSuccessStatusCode);
        }

        // Every honest editor holds what the log replays to, and so does the live session.
        foreach (var editor in honest)
        {
            await editor.PushAsync(cts.Token);
            await editor.PullAsync(cts.Token);
        }
        var registry = _server.Service<DocumentSessionRegistry>();
        foreach (var sectionId in new[] { target, other })
        {
            var replayed = await _server.ReplayOpLogAsync(sectionId);
            Assert.Equal((replayed.Version, replayed.Text), (await registry.GetAsync(sectionId))!.Current());
            foreach (var editor in honest.Where(e => e.SectionId == sectionId))
            {
                await editor.WaitForVersionAsync(replayed.Version, LiveServer.Timeout);
                Assert.Equal((replayed.Version, replayed.Text), (editor.Version, editor.Text));
            }
        }

        // Nothing stored by anyone who may not change the section (accepted suggestions are the advisor's).
        await using var db = _server.App.Database.CreateContext();
        var ops = await db.SectionOps.AsNoTracking().Where(o => o.SectionId == target || o.SectionId == other).ToListAsync(cts.Token);
        var suggestionAuthors = await db.Suggestions.AsNoTracking().Select(x => new { x.Id, x.AuthorId }).ToDictionaryAsync(x => x.Id, x => x.AuthorId, cts.Token);
        var bodies = await db.Sections.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.BodyId, cts.Token);
        var actors = new Dictionary<int, Actor>();
        foreach (var op in ops)
        {
            if (!actors.TryGetValue(op.AuthorId, out var actor))
            {
                var person = await db.People.Include(p => p.Memberships).SingleAsync(p => p.Id == op.AuthorId, cts.Token);
                actors[op.AuthorId] = actor = Actor.From(person);
            }
            if (op.ClientId.StartsWith("suggestion-", StringComparison.Ordinal))
            {
                Assert.Equal(suggestionAuthors[int.Parse(op.ClientId["suggestion-".Length..], CultureInfo.InvariantCulture)], op.AuthorId);
                continue;
            }
            Assert.True(AccessPolicy.CanEditSection(actor, bodies[op.SectionId]), $"op {op.Version} by person {op.AuthorId} who may not edit");
            Assert.StartsWith($"p{op.AuthorId}-", op.ClientId);
        }

        foreach (var editor in honest.Concat(attackers))
        {
            await editor.DisposeAsync();
        }
    }

    private static async Task TypeAsync(RemoteEditor editor, Random random, DateTime stop, CancellationToken ct)
    {
        const string alphabet = "가나다라마 abc\n😀한글";
        while (DateTime.UtcNow < stop)
        {
            editor.Edit((text, length) =>
            {
                var pos = random.Next(length + 1);
                // Never split a surrogate pair: an honest editor types whole characters.
                if (pos > 0 && pos < length && char.IsLowSurrogate(text[pos]))
                {
                    pos--;
                }
                if (length > 40 && random.Next(3) == 0)
                {
                    var end = Math.Min(length, pos + random.Next(1, 6));
                    if (end < length && char.IsLowSurrogate(text[end]))
                    {
                        end++;
                    }
                    return end > pos ? ChangeSet.Of(length, pos, end, "") : null;
                }
                var start = random.Next(alphabet.Length - 1);
                var piece = char.IsHighSurrogate(alphabet[start]) ? alphabet.Substring(start, 2) : char.IsLowSurrogate(alphabet[start]) ? "x" : alphabet[start].ToString();
                return ChangeSet.Of(length, pos, pos, piece);
            });
            if (random.Next(3) == 0)
            {
                // Never refused: transient failures (a rate limit) are retried inside.
                await editor.PushAsync(ct);
            }
            await Task.Delay(random.Next(5, 40), ct);
        }
    }

    private static async Task AttackAsync(RemoteEditor me, List<RemoteEditor> everyone, SeenUpdates seen, Random random, DateTime stop, int[] counts, CancellationToken ct)
    {
        while (DateTime.UtcNow < stop)
        {
            Interlocked.Increment(ref counts[0]);
            try
            {
                switch (random.Next(6))
                {
                    case 0:
                    case 1:
                        var reply = await me.InvokeRawAsync<RemoteEditor.PushReply>("Push", [RandomSection(me, random), RandomVersion(me, random), HostileUpdates(me, everyone, seen, random)], ct);
                        if (reply.Accepted > 0)
                        {
                            Interlocked.Increment(ref counts[2]);
                        }
                        break;
                    case 2:
                        var updates = await me.InvokeRawAsync<RemoteEditor.WireUpdate[]>("Pull", [RandomSection(me, random), RandomVersion(me, random)], ct);
                        seen.Add(updates);
                        break;
                    case 3:
                        await me.InvokeRawAsync<object>("Presence", [RandomSection(me, random), RandomVersion(me, random), RandomNumber(random), RandomNumber(random)], ct);
                        break;
                    case 4:
                        await me.InvokeRawAsync<object>("Join", [RandomSection(me, random)], ct);
                        break;
                    default:
                        await me.InvokeRawAsync<object>("Leave", [random.Next(4) == 0 ? RandomNumber(random) : me.SectionId], ct);
                        await me.InvokeRawAsync<object>("Join", [me.SectionId], ct);
                        break;
                }
            }
            catch (HubException)
            {
                Interlocked.Increment(ref counts[1]);
                if (me.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected)
                {
                    throw;
                }
            }
            await Task.Delay(random.Next(0, 4), ct);
        }
    }

    private async Task ReviewAsync(int sectionId, Random random, DateTime stop, CancellationToken ct)
    {
        var review = _server.Service<ReviewService>();
        var actors = new List<Actor>();
        foreach (var email in _people)
        {
            actors.Add(await _server.ActorAsync(email));
        }
        var registry = _server.Service<DocumentSessionRegistry>();
        var ids = new List<int>();
        while (DateTime.UtcNow < stop)
        {
            var actor = actors[random.Next(actors.Count)];
            var (version, text) = (await registry.GetAsync(sectionId))!.Current();
            var from = random.Next(-2, text.Length + 3);
            var to = from + random.Next(-1, 12);
            var quote = from >= 0 && to >= from && to <= text.Length ? text[from..to] : "?";
            var at = new SelectionAt(random.Next(5) == 0 ? RandomNumber(random) : version, from, to, quote);
            var result = random.Next(5) switch
            {
                0 or 1 => await review.SuggestAsync(actor, sectionId, at, RandomText(random), "이유"),
                2 => await review.StartThreadAsync(actor, sectionId, at, "검토 의견 " + RandomText(random)),
                3 when ids.Count > 0 => await review.AcceptAsync(actor, ids[random.Next(ids.Count)], confirmOutdated: random.Next(2) == 0),
                _ when ids.Count > 0 => await review.RejectAsync(actor, ids[random.Next(ids.Count)], "아니오"),
                _ => default,
            };
            if (result.Refusal is null && result.Value > 0)
            {
                ids.Add(result.Value);
            }
            await Task.Delay(random.Next(5, 30), ct);
        }
    }

    private static int RandomSection(RemoteEditor me, Random random) => random.Next(8) switch
    {
        0 => RandomNumber(random),
        1 => me.SectionId + 1,
        _ => me.SectionId,
    };

    private static int RandomVersion(RemoteEditor me, Random random) => random.Next(6) switch
    {
        0 => RandomNumber(random),
        1 => Math.Max(0, me.Version - random.Next(1, 50)),
        2 => me.Version + random.Next(1, 3),
        _ => me.Version,
    };

    private static int RandomNumber(Random random) => random.Next(6) switch
    {
        0 => int.MaxValue,
        1 => int.MinValue,
        2 => -1,
        3 => random.Next(),
        4 => int.MaxValue - random.Next(10),
        _ => random.Next(-5, 1000),
    };

    private static string RandomText(Random random) => random.Next(6) switch
    {
        0 => "\uD800",            // a lone high surrogate
        1 => "x\uDC00y",          // a lone low surrogate
        2 => new string('가', random.Next(1, 3000)),
        3 => "<script>alert(1)</script>",
        _ => "수정안 " + random.Next(),
    };

    private static object[] HostileUpdates(RemoteEditor me, List<RemoteEditor> everyone, SeenUpdates seen, Random random)
    {
        var length = me.Text.Length;
        string ClientId() => random.Next(5) switch
        {
            0 => everyone[random.Next(everyone.Count)].ClientId, // someone else's
            1 => "",
            2 => new string('p', 100),
            _ => me.ClientIdPrefix + "fuzz",
        };
        JsonNode Changes() => random.Next(10) switch
        {
            0 => JsonNode.Parse($$"""[[0,"EVIL"],2147483647,[1,"X"],2147483647,{{length + 1}}]""")!,
            1 => JsonNode.Parse($$"""[[0,"EVIL"],2147483647,2147483647,{{length + 2}}]""")!,
            2 => JsonNode.Parse($"[{RandomNumber(random)},[{RandomNumber(random)},\"x\"]]")!,
            3 => new JsonArray(length, new JsonArray(0, RandomText(random))),
            4 => JsonNode.Parse("[\"not\", {\"a\": 1}, null]")!,
            5 => seen.Random(random) ?? new JsonArray(),
            6 => new JsonArray(new JsonArray(length, "전부 교체")),
            7 => JsonNode.Parse($"[{length - 1},[{random.Next(0, 3)},\"중간\"],{random.Next(0, 3)}]")!,
            _ => ChangeSet.Of(length, length / 2, length / 2, "입력").ToJson(),
        };
        var count = random.Next(10) == 0 ? random.Next(2, 6) : 1;
        return Enumerable.Range(0, count).Select(_ => (object)new { clientId = ClientId(), changes = Changes() }).ToArray();
    }

    // Change sets seen on the wire, replayed later at other versions.
    private sealed class SeenUpdates
    {
        private readonly List<JsonNode> _changes = [];

        public void Add(IEnumerable<RemoteEditor.WireUpdate> updates)
        {
            lock (_changes)
            {
                foreach (var update in updates.Take(5))
                {
                    if (_changes.Count < 500)
                    {
                        _changes.Add(JsonNode.Parse(update.Changes.GetRawText())!);
                    }
                }
            }
        }

        public JsonNode? Random(Random random)
        {
            lock (_changes)
            {
                return _changes.Count == 0 ? null : _changes[random.Next(_changes.Count)].DeepClone();
            }
        }
    }
}
