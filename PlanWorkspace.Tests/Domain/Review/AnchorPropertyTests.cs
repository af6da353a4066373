using PlanWorkspace.Bench.Traces;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Domain.Review;

/// <summary>
/// Anchors never drift: under a real trace's edits interleaved with late, rebased pushes from
/// other clients, every tracked range covers all its surviving characters and none of the text
/// that was outside it (characters tracked by identity in a naive model; text typed inside the
/// range joins it), and is reported deleted when nothing of it is left.
/// </summary>
public sealed class AnchorPropertyTests
{
    [Theory]
    [InlineData("automerge-paper", 1)]
    [InlineData("sveltecomponent", 2)]
    [InlineData("seph-blog1", 3)]
    public void RangesStayOnTheirCharactersUnderTraceAndConcurrentEdits(string traceName, int seed)
    {
        var folder = RepositoryPaths.Traces;
        Assert.True(Directory.Exists(folder), $"the traces are in {folder}");
        var trace = EditTrace.Load(Path.Combine(folder, traceName + ".json.gz"));
        var patches = trace.Txns.SelectMany(t => t.Patches).Take(9000).ToList();
        var random = new Random(seed);
        var authority = new DocumentAuthority(trace.StartContent);
        var ids = new List<long>();
        long nextId = 0;
        for (var i = 0; i < authority.Length; i++)
        {
            ids.Add(nextId++);
        }
        var anchors = new Dictionary<string, (HashSet<long> Chars, long CreatedAt)>();
        // The trace's edits are positions in the trace's own document; the late pushes are not in
        // it. This maps the trace's document to the authority's (operational transformation).
        var traceToAuthority = ChangeSet.Of(authority.Length, 0, 0, "");
        var live = new HashSet<string>();

        void Apply(ChangeSet changes, string author)
        {
            var result = authority.Push(authority.Version, [new ClientUpdate(changes, author + authority.Version)], author, DateTimeOffset.UnixEpoch);
            Accepted(result);
        }

        void Accepted(PushResult result)
        {
            foreach (var update in result.Accepted)
            {
                ids = ApplyToIds(update.Changes, ids, ref nextId);
            }
            foreach (var gone in result.DeletedAnchors)
            {
                Assert.True(live.Remove(gone.Anchor.Id));
                Assert.DoesNotContain(ids, id => anchors[gone.Anchor.Id].Chars.Contains(id));
            }
        }

        void PushLate()
        {
            // Another client edits the document as it was a few versions ago; the authority rebases it.
            var baseVersion = Math.Max(authority.StartVersion, authority.Version - random.Next(0, 6));
            var missed = authority.Pull(baseVersion);
            var length = missed.Count > 0 ? missed[0].Changes.Length : authority.Length;
            var pos = random.Next(length + 1);
            var changes = random.Next(3) == 0 && pos < length
                ? ChangeSet.Of(length, pos, Math.Min(length, pos + random.Next(1, 30)), random.Next(2) == 0 ? "" : "새")
                : ChangeSet.Of(length, pos, pos, "가나");
            var result = authority.Push(baseVersion, [new ClientUpdate(changes, "late" + authority.Version)], "late", DateTimeOffset.UnixEpoch);
            foreach (var update in result.Accepted)
            {
                traceToAuthority = traceToAuthority.Compose(update.Changes);
            }
            Accepted(result);
        }

        var traceText = trace.StartContent;

        for (var step = 0; step < patches.Count; step++)
        {
            var patch = patches[step];
            var pos = trace.PositionsAreUtf16 ? patch.Pos : EditTrace.CodePointToUtf16(traceText, patch.Pos);
            var end = trace.PositionsAreUtf16 ? patch.Pos + patch.Delete : EditTrace.CodePointToUtf16(traceText, patch.Pos + patch.Delete);
            var inTrace = ChangeSet.Of(traceText.Length, pos, end, patch.Insert);
            traceText = inTrace.Apply(traceText);
            var inAuthority = inTrace.Map(traceToAuthority.Desc);
            traceToAuthority = traceToAuthority.Map(inTrace.Desc, before: true);
            Apply(inAuthority, "trace");

            if (step % 150 == 149 && authority.Length > 10)
            {
                // Start tracking a fresh range over the current text.
                var from = random.Next(authority.Length - 5);
                var to = Math.Min(authority.Length, from + random.Next(1, 40));
                var id = "a" + step;
                authority.TrackAnchor(new Anchor(id, from, to));
                anchors[id] = ([.. ids.GetRange(from, to - from)], nextId);
                live.Add(id);
            }
            if (step % 7 == 0)
            {
                PushLate();
            }
            if (step % 50 == 0)
            {
                Check(authority, ids, anchors, live);
            }
        }
        Check(authority, ids, anchors, live);
        Assert.True(anchors.Count >= 50, "enough anchors were tracked");
        Assert.True(live.Count < anchors.Count, "some anchors had all their text deleted");
        Assert.True(live.Count > 0, "some anchors survived");
    }

    private static void Check(DocumentAuthority authority, List<long> ids, Dictionary<string, (HashSet<long> Chars, long CreatedAt)> anchors, HashSet<string> live)
    {
        Assert.Equal(authority.Length, ids.Count);
        foreach (var id in live)
        {
            var anchor = authority.FindAnchor(id);
            Assert.NotNull(anchor);
            var (chars, createdAt) = anchors[id];
            var surviving = Enumerable.Range(0, ids.Count).Where(i => chars.Contains(ids[i])).ToList();
            // Text typed inside a passage joins it, so a range whose original characters are all
            // gone may live on with that text only; it never takes in text that was outside.
            Assert.True(surviving.Count > 0 || anchor!.To > anchor.From, $"{id} is empty but was not reported deleted");
            if (surviving.Count > 0)
            {
                Assert.True(anchor!.From <= surviving[0] && surviving[^1] < anchor.To, $"{id} at {anchor.From}..{anchor.To} covers its characters {surviving[0]}..{surviving[^1]}");
            }
            for (var i = anchor!.From; i < anchor.To; i++)
            {
                Assert.False(ids[i] < createdAt && !chars.Contains(ids[i]), $"{id} at {anchor.From}..{anchor.To} took in outside text at {i}");
            }
        }
    }

    private static List<long> ApplyToIds(ChangeSet changes, List<long> ids, ref long nextId)
    {
        var result = new List<long>(ids.Count + 16);
        var posA = 0;
        var next = nextId;
        changes.IterChanges((fromA, toA, _, _, inserted) =>
        {
            result.AddRange(ids.GetRange(posA, fromA - posA));
            for (var i = 0; i < inserted.Length; i++)
            {
                result.Add(next++);
            }
            posA = toA;
        });
        result.AddRange(ids.GetRange(posA, ids.Count - posA));
        nextId = next;
        return result;
    }
}
