namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The grid of a rebase, solved tile by tile by regions (see <see cref="RegionRebase"/>). Holds
/// the current state of both chains: a pending update as mapped over the missed ones its tiles
/// have crossed so far, and the other way round. Updates without changes have no footprint and
/// belong to no region: they move nothing, and each comes out as an empty set of the new length,
/// as a map builds it.
/// </summary>
internal sealed class RegionGrid(ChangeSet[] pending, ChangeSet[] missed)
{
    /// <summary>
    /// Solves the tile pending [i0, i1) × missed [j0, j1) in place and returns how many crossings
    /// it mapped for real; returns -1 and changes nothing when that would exceed <paramref name="budget"/>.
    /// </summary>
    public long TrySolve(int i0, int i1, int j0, int j1, long budget)
    {
        var baseLength = pending[i0].Length;
        var pendingSpans = Spans(pending, i0, i1, baseLength);
        var missedSpans = Spans(missed, j0, j1, baseLength);
        var regions = Regions(pendingSpans, missedSpans);
        var pendingRegion = RegionOf(pendingSpans, regions);
        var missedRegion = RegionOf(missedSpans, regions);

        var pendingPerRegion = new long[regions.Count];
        var missedPerRegion = new long[regions.Count];
        foreach (var region in pendingRegion)
        {
            if (region >= 0)
            {
                pendingPerRegion[region]++;
            }
        }
        foreach (var region in missedRegion)
        {
            if (region >= 0)
            {
                missedPerRegion[region]++;
            }
        }
        long pairs = 0;
        for (var r = 0; r < regions.Count; r++)
        {
            pairs += pendingPerRegion[r] * missedPerRegion[r];
        }
        if (pairs > budget)
        {
            return -1;
        }

        // Each update of a region where both chains meet on the region's stretch of text, each
        // such region's grid stepwise, then back; the other updates are only moved.
        var meets = new bool[regions.Count];
        for (var r = 0; r < regions.Count; r++)
        {
            meets[r] = pendingPerRegion[r] > 0 && missedPerRegion[r] > 0;
        }
        var (localPending, pendingOffsets) = Localize(pending, i0, pendingRegion, regions, meets);
        var (localMissed, missedOffsets) = Localize(missed, j0, missedRegion, regions, meets);
        RunGrids(localPending, pendingRegion, localMissed, missedRegion, regions.Count);
        var rebased = Globalize(pending, i0, localPending, pendingOffsets, pendingRegion, regions, missed, j0, missedRegion, baseLength);
        var mapped = Globalize(missed, j0, localMissed, missedOffsets, missedRegion, regions, pending, i0, pendingRegion, baseLength);
        rebased.CopyTo(pending, i0);
        mapped.CopyTo(missed, j0);
        return pairs;
    }

    private static (int Lo, int Hi)[] Spans(ChangeSet[] chain, int from, int to, int baseLength)
    {
        var footprints = new Footprints(baseLength);
        var spans = new (int Lo, int Hi)[to - from];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = footprints.Track(chain[from + i]);
        }
        return spans;
    }

    // Joins footprints into regions: sorted, and merged unless a character lies between them.
    private static List<(int Lo, int Hi)> Regions((int Lo, int Hi)[] a, (int Lo, int Hi)[] b)
    {
        var all = new List<(int Lo, int Hi)>(a.Length + b.Length);
        foreach (var span in a.Concat(b))
        {
            if (span.Lo <= span.Hi)
            {
                all.Add(span);
            }
        }
        all.Sort(static (x, y) => x.Lo.CompareTo(y.Lo));
        var regions = new List<(int Lo, int Hi)>();
        if (all.Count == 0)
        {
            return regions;
        }
        var (lo, hi) = all[0];
        for (var i = 1; i < all.Count; i++)
        {
            if (all[i].Lo <= hi)
            {
                hi = Math.Max(hi, all[i].Hi);
            }
            else
            {
                regions.Add((lo, hi));
                (lo, hi) = all[i];
            }
        }
        regions.Add((lo, hi));
        return regions;
    }

    // The region of each span (by binary search on the starts); -1 for an update without changes.
    private static int[] RegionOf((int Lo, int Hi)[] spans, List<(int Lo, int Hi)> regions)
    {
        var result = new int[spans.Length];
        for (var i = 0; i < spans.Length; i++)
        {
            if (spans[i].Lo > spans[i].Hi)
            {
                result[i] = -1;
                continue;
            }
            int low = 0, high = regions.Count - 1;
            while (low < high)
            {
                var mid = (low + high + 1) >> 1;
                if (regions[mid].Lo <= spans[i].Lo)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }
            result[i] = low;
        }
        return result;
    }

    // Where each update's region starts in the document it applies to (after the characters
    // before the region, moved by the chain's earlier updates in regions before it), and, in
    // regions where the chains meet, the update cut down to the region's stretch of text.
    private static (ChangeSet?[] Local, int[] Offsets) Localize(ChangeSet[] chain, int from, int[] regionOf, List<(int Lo, int Hi)> regions, bool[] meets)
    {
        var before = new Fenwick(regions.Count);
        var localLength = new int[regions.Count];
        for (var r = 0; r < regions.Count; r++)
        {
            localLength[r] = regions[r].Hi - regions[r].Lo;
        }
        var local = new ChangeSet?[regionOf.Length];
        var offsets = new int[regionOf.Length];
        for (var i = 0; i < regionOf.Length; i++)
        {
            var region = regionOf[i];
            if (region < 0)
            {
                continue;
            }
            var changes = chain[from + i];
            offsets[i] = checked((int)(regions[region].Lo + before.Prefix(region)));
            if (meets[region])
            {
                local[i] = Cut(changes, offsets[i], localLength[region]);
            }
            var delta = changes.NewLength - changes.Length;
            before.Add(region, delta);
            localLength[region] += delta;
        }
        return (local, offsets);
    }

    // The sections of changes between offset and offset + length; outside them it must only keep.
    private static ChangeSet Cut(ChangeSet changes, int offset, int length)
    {
        var sections = changes.Sections;
        var inserted = changes.Inserted;
        var tail = changes.Length - offset - length;
        var builder = new SectionBuilder(withText: true);
        var last = sections.Length - 2;
        for (var k = 0; k < sections.Length; k += 2)
        {
            int len = sections[k], ins = sections[k + 1];
            var trimmed = false;
            if (k == 0 && offset > 0)
            {
                len -= offset;
                trimmed = true;
            }
            if (k == last && tail > 0)
            {
                len -= tail;
                trimmed = true;
            }
            if (len < 0 || (trimmed && ins >= 0))
            {
                throw new InvalidOperationException("An update reaches outside the region its footprint gave it.");
            }
            builder.AddSection(len, ins);
            if (ins > 0)
            {
                builder.AddInsert(inserted[k >> 1]);
            }
        }
        var local = builder.ToSet();
        if (local.Length != length)
        {
            throw new InvalidOperationException("An update does not fit its region.");
        }
        return local;
    }

    // Per region, the stepwise grid: each missed update crosses the region's pending ones in
    // order, with the calls collab's rebaseUpdates makes for a single update.
    private static void RunGrids(ChangeSet?[] pending, int[] pendingRegion, ChangeSet?[] missed, int[] missedRegion, int regionCount)
    {
        var members = new List<int>?[regionCount];
        for (var i = 0; i < pending.Length; i++)
        {
            if (pendingRegion[i] >= 0)
            {
                (members[pendingRegion[i]] ??= []).Add(i);
            }
        }
        for (var j = 0; j < missed.Length; j++)
        {
            var row = missedRegion[j] < 0 ? null : members[missedRegion[j]];
            if (row is null)
            {
                continue;
            }
            var changes = missed[j]!;
            foreach (var i in row)
            {
                var update = pending[i]!;
                pending[i] = update.Map(changes);
                changes = changes.MapDesc(update, before: true);
            }
            missed[j] = changes;
        }
    }

    // Whole-document change sets again: each follows the other chain's updates of the tile (all
    // of them, as they entered it) and its own chain's results before it. An update of a region
    // where the chains did not meet keeps its sections; only its kept ends change.
    private static ChangeSet[] Globalize(ChangeSet[] chain, int from, ChangeSet?[] local, int[] offsets, int[] regionOf, List<(int Lo, int Hi)> regions, ChangeSet[] other, int otherFrom, int[] otherRegion, int baseLength)
    {
        var otherBefore = new long[regions.Count + 1];
        long length = baseLength;
        for (var j = 0; j < otherRegion.Length; j++)
        {
            var changes = other[otherFrom + j];
            var delta = changes.NewLength - changes.Length;
            if (otherRegion[j] >= 0)
            {
                otherBefore[otherRegion[j] + 1] += delta;
            }
            length += delta;
        }
        for (var r = 1; r <= regions.Count; r++)
        {
            otherBefore[r] += otherBefore[r - 1];
        }

        var own = new Fenwick(regions.Count);
        var result = new ChangeSet[regionOf.Length];
        for (var i = 0; i < regionOf.Length; i++)
        {
            var region = regionOf[i];
            if (region < 0)
            {
                result[i] = ChangeSet.Empty(checked((int)length));
                continue;
            }
            var prefix = checked((int)(regions[region].Lo + otherBefore[region] + own.Prefix(region)));
            var changes = local[i];
            result[i] = changes is null
                ? Move(chain[from + i], prefix - offsets[i], checked((int)length))
                : Embed(changes, prefix, checked((int)(length - prefix - changes.Length)));
            changes ??= chain[from + i];
            var delta = changes.NewLength - changes.Length;
            own.Add(region, delta);
            length += delta;
        }
        return result;
    }

    // The same sections, with the leading kept stretch longer by shift and the trailing one
    // making up the rest of the new length. Both exist (a region is framed by untouched
    // characters) unless the region reaches that end of the document, where nothing moves.
    private static ChangeSet Move(ChangeSet changes, int shift, int length)
    {
        var sections = (int[])changes.Sections.Clone();
        var tail = length - changes.Length - shift;
        var last = sections.Length - 2;
        if (shift != 0)
        {
            if (sections[1] != -1 || sections[0] + shift <= 0)
            {
                throw new InvalidOperationException("An update moved past the start of the document.");
            }
            sections[0] += shift;
        }
        if (tail != 0)
        {
            if (sections[last + 1] != -1 || sections[last] + tail <= 0 || last == 0)
            {
                throw new InvalidOperationException("An update moved past the end of the document.");
            }
            sections[last] += tail;
        }
        return new ChangeSet(sections, changes.Inserted);
    }

    private static ChangeSet Embed(ChangeSet local, int prefix, int suffix)
    {
        var sections = local.Sections;
        var inserted = local.Inserted;
        var builder = new SectionBuilder(withText: true);
        builder.AddSection(prefix, -1);
        for (var k = 0; k < sections.Length; k += 2)
        {
            builder.AddSection(sections[k], sections[k + 1]);
            if (sections[k + 1] > 0)
            {
                builder.AddInsert(inserted[k >> 1]);
            }
        }
        builder.AddSection(suffix, -1);
        return builder.ToSet();
    }

    // Prefix sums over regions (the sum of the entries before a region), updated as a chain is walked.
    private sealed class Fenwick(int count)
    {
        private readonly long[] _tree = new long[count + 1];

        public void Add(int index, long value)
        {
            for (var i = index + 1; i < _tree.Length; i += i & -i)
            {
                _tree[i] += value;
            }
        }

        public long Prefix(int index)
        {
            long sum = 0;
            for (var i = index; i > 0; i -= i & -i)
            {
                sum += _tree[i];
            }
            return sum;
        }
    }
}
