namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The client half of <c>@codemirror/collab</c> in C#: a replica that only knows what it has
/// received, keeps its unconfirmed local updates, sends them against its synced version and, on
/// receiving, rebases them exactly as collab's <c>receiveUpdates</c> does. Used for server-side
/// editing agents and to prove the authority against real editing traces. Not thread-safe.
/// </summary>
public sealed class CollabClient
{
    private readonly Rope _doc;
    private List<ClientUpdate> _unconfirmed = [];

    /// <summary>Creates a replica of the document <paramref name="text"/> at <paramref name="startVersion"/>.</summary>
    public CollabClient(string clientId, string text = "", int startVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(startVersion);
        ClientId = clientId;
        SyncedVersion = startVersion;
        _doc = new Rope(text);
    }

    /// <summary>This replica's client id, attached to every update it sends.</summary>
    public string ClientId { get; }

    /// <summary>The authority version up to which this replica has received updates.</summary>
    public int SyncedVersion { get; private set; }

    /// <summary>Current length of the local document.</summary>
    public int Length => _doc.Length;

    /// <summary>The local document, including unconfirmed local changes (materialised on demand).</summary>
    public string Text => _doc.ToString();

    /// <summary>Local updates not yet confirmed by the authority (collab's <c>sendableUpdates</c>).</summary>
    public IReadOnlyList<ClientUpdate> SendableUpdates => _unconfirmed;

    /// <summary>Applies a local edit and queues it for sending; an empty change is ignored.</summary>
    /// <exception cref="ChangeSetException">The change does not fit the local document.</exception>
    public void Edit(ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        changes.ApplyTo(_doc);
        if (!changes.IsEmpty)
        {
            _unconfirmed.Add(new ClientUpdate(changes, ClientId));
        }
    }

    /// <summary>
    /// Composes the unconfirmed updates from <paramref name="index"/> on (not yet sent) into one:
    /// a replica whose acknowledgements are slow keeps one pending update to rebase over each
    /// received one, not one per edit made meanwhile. Those before <paramref name="index"/> (sent,
    /// in flight) stay as they are, since the authority will confirm them one by one.
    /// </summary>
    public void CompactFrom(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (_unconfirmed.Count - index < 2)
        {
            return;
        }
        var composed = _unconfirmed[index].Changes;
        for (var i = index + 1; i < _unconfirmed.Count; i++)
        {
            composed = composed.Compose(_unconfirmed[i].Changes);
        }
        _unconfirmed.RemoveRange(index, _unconfirmed.Count - index);
        _unconfirmed.Add(new ClientUpdate(composed, ClientId));
    }

    /// <summary>
    /// Receives the next <paramref name="updates"/> from the authority (they must follow
    /// <see cref="SyncedVersion"/> directly). Own updates among them confirm the unconfirmed
    /// queue; the others are applied, with the remaining unconfirmed updates rebased over them.
    /// </summary>
    /// <exception cref="ChangeSetException">An update does not fit the replica's document.</exception>
    public void Receive(IReadOnlyList<ICollabUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ChangeSet? changes = null;
        var own = 0;
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i];
            var ours = own < _unconfirmed.Count ? _unconfirmed[own] : null;
            if (ours is not null && ours.ClientId == update.ClientId)
            {
                changes = changes?.Map(ours.Changes, before: true);
                own++;
            }
            else
            {
                changes = changes is null ? update.Changes : changes.Compose(update.Changes);
            }
        }

        var unconfirmed = own == 0 ? _unconfirmed : _unconfirmed.GetRange(own, _unconfirmed.Count - own);
        if (unconfirmed.Count > 0 && changes is not null)
        {
            var rebased = new List<ClientUpdate>(unconfirmed.Count);
            foreach (var update in unconfirmed)
            {
                var updateChanges = update.Changes.Map(changes);
                changes = changes.Map(update.Changes, before: true);
                rebased.Add(new ClientUpdate(updateChanges, ClientId));
            }

            unconfirmed = rebased;
        }

        // Everything is computed before anything changes, so a bad update leaves the replica intact.
        changes?.ApplyTo(_doc);
        _unconfirmed = unconfirmed;
        SyncedVersion += updates.Count;
    }
}
