namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Decides whether the authority may rebase a late push itself. CodeMirror's position mapping is
/// not compositional where changes touch (an insertion inside a range another change replaced,
/// two insertions at one point): the authority rebasing over the missed updates and the client
/// later rebasing its own copy over the same updates, received in other batches, can then
/// disagree. The real <c>@codemirror/collab</c> diverges the same way, which is why its reference
/// authority refuses every push that is not at the current version. We refuse only the pushes
/// where it matters.
/// </summary>
public static class RebaseSafety
{
    /// <summary>
    /// True when <paramref name="updates"/>, made on the version before <paramref name="missed"/>,
    /// touch none of the missed changes, one missed update at a time (no overlap, no shared
    /// boundary), and none of the missed updates came from the same client. Rebasing is then a pure
    /// shift of positions, the same whichever way the updates are grouped.
    /// </summary>
    public static bool IsExact(IReadOnlyList<ICollabUpdate> missed, IReadOnlyList<ClientUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(missed);
        ArgumentNullException.ThrowIfNull(updates);
        if (missed.Count == 0 || updates.Count == 0)
        {
            return true;
        }
        var clientId = updates[0].ClientId;
        ChangeDesc pushed = updates[0].Changes;
        for (var i = 1; i < updates.Count; i++)
        {
            pushed = pushed.ComposeDesc(updates[i].Changes);
        }
        foreach (var update in missed)
        {
            if (update.ClientId == clientId || Touch(pushed, update.Changes))
            {
                return false;
            }
            pushed = pushed.MapDesc(update.Changes);
        }
        return true;
    }

    // Both descs start in the same document; closed intervals, so a shared boundary counts.
    private static bool Touch(ChangeDesc a, ChangeDesc b)
    {
        var rangesA = Ranges(a);
        var rangesB = Ranges(b);
        int i = 0, j = 0;
        while (i < rangesA.Count && j < rangesB.Count)
        {
            var (fromA, toA) = rangesA[i];
            var (fromB, toB) = rangesB[j];
            if (fromA <= toB && fromB <= toA)
            {
                return true;
            }
            if (toA < toB)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return false;
    }

    private static List<(int From, int To)> Ranges(ChangeDesc desc)
    {
        var ranges = new List<(int, int)>();
        var sections = desc.SectionSpan;
        for (int pos = 0, i = 0; i < sections.Length; i += 2)
        {
            int len = sections[i], ins = sections[i + 1];
            if (ins >= 0)
            {
                ranges.Add((pos, pos + len));
            }
            pos += len;
        }
        return ranges;
    }
}
