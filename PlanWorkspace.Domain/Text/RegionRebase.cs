namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The server's stepwise rebase (<see cref="StepwiseRebase.Rebase"/>) for long branches, with
/// exactly its result in near-linear time when the two branches edit different places.
/// </summary>
/// <remarks>
/// <para>Stepwise, n pending updates over m missed ones are n·m pairs of maps — a grid: pending
/// update i crosses missed update j, and each comes out mapped over the other. Composing the
/// missed updates first would make that n + m, but CodeMirror's mapping is not compositional where
/// changes touch: over "delete 2 at p" then "insert z at p", an insertion at p lands after z; over
/// their composition "replace 2 at p by z" it lands before. So the grid is cut by place instead.</para>
/// <para>A tile of the grid (some pending updates × some missed ones, <see cref="RegionGrid"/>)
/// gives each update a footprint in the tile's starting text: the characters it touches, their
/// neighbours included (<see cref="Footprints"/>). Overlapping footprints join into regions;
/// between two regions lies a character no update of the tile touches, so two updates from
/// different regions are apart (not even adjacent) in every document of the tile, and a map of
/// change sets that are apart only moves them: the same sections with a longer or shorter kept
/// stretch. The tile is then the grids of its regions, each run stepwise with the same
/// <c>Map</c>/<c>MapDesc</c> calls on the region's own stretch of text, and put back into
/// whole-document coordinates.</para>
/// <para>Over a long time one typist's footprints join into a wide region (they walk through
/// the text), so when a tile's regions still hold many crossing pairs, the tile is split in four
/// (earlier/later pending × earlier/later missed) and each quarter, covering less time, is cut
/// again. Cost: O((n + m) · depth) for footprints and coordinates plus the pairs that really meet;
/// n·m only when everyone edits the same spot.</para>
/// <para>"Only moves them" needs change sets in the joined form <see cref="SectionBuilder"/>
/// produces (every map output is); other input (e.g. unjoined sections from the wire) returns null
/// and the caller folds stepwise.</para>
/// </remarks>
public static class RegionRebase
{
    /// <summary>
    /// A tile with at most this many crossings, or whose regions hold at most this many more
    /// than its updates, is solved as it is; a larger one may be split.
    /// </summary>
    public const int DefaultTileSize = 4096;

    /// <summary>
    /// <paramref name="updates"/> (a chain starting in the document <paramref name="missed"/>
    /// starts in) rebased over each of <paramref name="missed"/> in turn, exactly as
    /// <see cref="StepwiseRebase.Rebase"/> when no missed update carries the pusher's client id
    /// (the caller checks that first); null when the input is not in the form this path handles.
    /// </summary>
    public static IReadOnlyList<ClientUpdate>? TryRebase(IReadOnlyList<ClientUpdate> updates, IReadOnlyList<ChangeSet> missed) =>
        TryTransform(updates, missed)?.Pending;

    /// <summary>
    /// Both sides of the grid: the pending updates rebased over the missed ones (what the
    /// authority appends) and the missed updates mapped over the pending ones (what a client with
    /// those pending updates applies when it receives the missed ones one at a time); null when
    /// the input is not in the form this path handles.
    /// </summary>
    /// <param name="updates">The pending updates.</param>
    /// <param name="missed">The missed updates.</param>
    /// <param name="tileSize">See <see cref="DefaultTileSize"/>; tests use small sizes to make the grid split often.</param>
    public static RegionRebaseResult? TryTransform(IReadOnlyList<ClientUpdate> updates, IReadOnlyList<ChangeSet> missed, int tileSize = DefaultTileSize)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(missed);
        ArgumentOutOfRangeException.ThrowIfNegative(tileSize);
        int n = updates.Count, m = missed.Count;
        if (n == 0 || m == 0)
        {
            return null;
        }
        var pending = new ChangeSet[n];
        for (var i = 0; i < n; i++)
        {
            pending[i] = updates[i]?.Changes!;
        }
        var crossed = missed.ToArray();
        var baseLength = crossed[0]?.Length ?? 0;
        if (!IsPlainChain(pending, baseLength) || !IsPlainChain(crossed, baseLength))
        {
            return null;
        }

        var stats = new TileStats();
        Solve(new RegionGrid(pending, crossed), 0, n, 0, m, tileSize, stats);

        var result = new ClientUpdate[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new ClientUpdate(pending[i], updates[i].ClientId);
        }
        return new RegionRebaseResult(result, crossed, stats.Tiles, stats.Pairs);
    }

    // The tile pending [i0, i1) × missed [j0, j1): the pending updates arrive mapped over the
    // missed ones before j0, the missed ones mapped over the pending ones before i0; both leave
    // mapped over the whole tile.
    private static void Solve(RegionGrid grid, int i0, int i1, int j0, int j1, int tileSize, TileStats stats)
    {
        long rows = i1 - i0, columns = j1 - j0;
        var small = rows * columns <= tileSize || rows == 1 || columns == 1;
        var budget = small ? long.MaxValue : tileSize + (8 * (rows + columns));
        var pairs = grid.TrySolve(i0, i1, j0, j1, budget);
        if (pairs >= 0)
        {
            stats.Tiles++;
            stats.Pairs += pairs;
            return;
        }

        // Too many crossings in its regions: quarters cover less time, so their footprints are narrower.
        var im = i0 + (int)(rows / 2);
        var jm = j0 + (int)(columns / 2);
        Solve(grid, i0, im, j0, jm, tileSize, stats);
        Solve(grid, i0, im, jm, j1, tileSize, stats);
        Solve(grid, im, i1, j0, jm, tileSize, stats);
        Solve(grid, im, i1, jm, j1, tileSize, stats);
    }

    // A chain this path can take: in joined form, each starting where the last ended.
    private static bool IsPlainChain(ChangeSet[] chain, int length)
    {
        foreach (var changes in chain)
        {
            if (changes is null || changes.Length != length || !IsJoined(changes.Sections))
            {
                return false;
            }
            length = changes.NewLength;
        }
        return true;
    }

    /// <summary>True when no two neighbouring sections would be joined by <see cref="SectionBuilder.AddSection"/>.</summary>
    internal static bool IsJoined(int[] sections)
    {
        for (var k = 0; k < sections.Length; k += 2)
        {
            int len = sections[k], ins = sections[k + 1];
            if (len == 0 && ins <= 0)
            {
                return false;
            }
            if (k > 0)
            {
                int lastLen = sections[k - 2], lastIns = sections[k - 1];
                if ((ins <= 0 && ins == lastIns) || (len == 0 && lastLen == 0))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private sealed class TileStats
    {
        public int Tiles;
        public long Pairs;
    }
}

/// <summary>Both sides of a rebase grid (see <see cref="RegionRebase.TryTransform"/>).</summary>
/// <param name="Pending">The pending updates rebased over every missed update, in order.</param>
/// <param name="Missed">The missed updates mapped over every pending update, in order (a client's view).</param>
/// <param name="Tiles">How many tiles the grid was solved in (1: all of it at once).</param>
/// <param name="Pairs">How many crossings were mapped for real (the rest only moved); n·m stepwise.</param>
public sealed record RegionRebaseResult(IReadOnlyList<ClientUpdate> Pending, IReadOnlyList<ChangeSet> Missed, int Tiles, long Pairs);
