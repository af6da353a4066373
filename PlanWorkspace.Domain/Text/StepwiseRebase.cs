namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The delivery rule that keeps the authority and every client computing the same
/// transformations. CodeMirror's position mapping is not compositional where changes touch (an
/// insertion inside a range another change replaced, two insertions at one point), so rebasing
/// over a composition of updates can differ from rebasing over them one by one; with collab's
/// <c>rebaseUpdates</c> (which composes) and clients that receive in other batches, replicas can
/// diverge — the real <c>@codemirror/collab</c> does. Here both sides step one update at a time:
/// the authority rebases a late push over each missed update in turn, and a client with
/// unconfirmed updates receives one update at a time. Both then apply the same function to the
/// same inputs in the same order.
/// </summary>
public static class StepwiseRebase
{
    /// <summary>
    /// <paramref name="updates"/> (made on the version before <paramref name="missed"/>) rebased
    /// over each missed update in turn; null when a missed update came from the same client — a
    /// re-send of updates already accepted, which the client must first receive (they confirm its
    /// copies) before it pushes what is left.
    /// </summary>
    public static IReadOnlyList<ClientUpdate>? Rebase(IReadOnlyList<ClientUpdate> updates, IReadOnlyList<ICollabUpdate> missed)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(missed);
        if (updates.Count == 0)
        {
            return updates;
        }
        var clientId = updates[0].ClientId;
        var rebased = updates;
        var step = new ICollabUpdate[1];
        foreach (var update in missed)
        {
            if (update.ClientId == clientId)
            {
                return null;
            }
            step[0] = update;
            rebased = Collab.RebaseUpdates(rebased, step);
        }
        return rebased;
    }

    /// <summary>
    /// Gives <paramref name="updates"/> to <paramref name="client"/>: all at once while it has no
    /// unconfirmed updates (nothing is transformed then), otherwise one at a time.
    /// </summary>
    public static void Receive(CollabClient client, IReadOnlyList<ICollabUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(updates);
        var i = 0;
        while (i < updates.Count && client.SendableUpdates.Count > 0)
        {
            client.Receive([updates[i++]]);
        }
        if (i < updates.Count)
        {
            client.Receive(i == 0 ? updates : updates.Skip(i).ToList());
        }
    }
}
