namespace PlanWorkspace.Domain.Text;

/// <summary>An update as the collab protocol carries it: its changes and the client that made them.</summary>
public interface ICollabUpdate
{
    /// <summary>The changes, starting in the document of the version the update follows.</summary>
    ChangeSet Changes { get; }

    /// <summary>The id of the editor instance that made the update (collab's <c>clientID</c>).</summary>
    string ClientId { get; }
}

/// <summary>An update a client sends to the authority (collab's <c>sendableUpdates</c> entries).</summary>
/// <param name="Changes">The changes, in the client's view of the document.</param>
/// <param name="ClientId">The id of the editor instance that made them.</param>
public sealed record ClientUpdate(ChangeSet Changes, string ClientId) : ICollabUpdate;

/// <summary>The client-independent half of <c>@codemirror/collab</c>.</summary>
public static class Collab
{
    /// <summary>
    /// Port of collab's <c>rebaseUpdates</c>: given <paramref name="updates"/> a client submitted
    /// against an old version and the updates accepted since that version (<paramref name="over"/>),
    /// drops the leading updates that were already accepted from that client (matched by client
    /// id, in order) and maps the rest over everything else the client had not seen, so they apply
    /// to the current document. Returns <paramref name="updates"/> itself when there is nothing to do.
    /// </summary>
    /// <exception cref="ChangeSetException">An update does not fit the document it claims to start in.</exception>
    public static IReadOnlyList<ClientUpdate> RebaseUpdates(IReadOnlyList<ClientUpdate> updates, IReadOnlyList<ICollabUpdate> over)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(over);
        if (over.Count == 0 || updates.Count == 0)
        {
            return updates;
        }

        ChangeDesc? changes = null;
        var skip = 0;
        for (var i = 0; i < over.Count; i++)
        {
            var update = over[i];
            var other = skip < updates.Count ? updates[skip] : null;
            if (other is not null && other.ClientId == update.ClientId)
            {
                // Already accepted: the client's later updates were made on top of it, so only
                // what others did around it must be moved past it.
                changes = changes?.MapDesc(other.Changes, before: true);
                skip++;
            }
            else
            {
                changes = changes is null ? update.Changes : changes.ComposeDesc(update.Changes);
            }
        }

        if (changes is null)
        {
            return skip == 0 ? updates : Slice(updates, skip);
        }

        var result = new ClientUpdate[updates.Count - skip];
        for (var i = skip; i < updates.Count; i++)
        {
            var update = updates[i];
            var updateChanges = update.Changes.Map(changes);
            changes = changes.MapDesc(update.Changes, before: true);
            result[i - skip] = new ClientUpdate(updateChanges, update.ClientId);
        }

        return result;
    }

    private static ClientUpdate[] Slice(IReadOnlyList<ClientUpdate> updates, int skip)
    {
        var result = new ClientUpdate[updates.Count - skip];
        for (var i = skip; i < updates.Count; i++)
        {
            result[i - skip] = updates[i];
        }

        return result;
    }
}
