using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// Who has the section open in an editor, and where their selection is: kept under the session's
// lock, read by the presence panel and the hub, mapped through every commit.
public sealed partial class DocumentSession
{
    private readonly Dictionary<string, Participant> _participants = [];

    public IReadOnlyList<Participant> Participants()
    {
        lock (_gate)
        {
            return _participants.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Adds an editor; false when the session was closed meanwhile (load it again).</summary>
    internal bool Join(Participant participant)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _participants[participant.ConnectionId] = participant;
            Touch();
        }
        PresenceMoved();
        return true;
    }

    internal bool Leave(string connectionId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _participants.Remove(connectionId);
            Touch();
        }
        if (removed)
        {
            PresenceMoved();
        }
        return removed;
    }

    /// <summary>
    /// Moves a participant's selection, given at <paramref name="version"/>, and returns it mapped
    /// to the committed version (or null when the participant is unknown or the range invalid).
    /// </summary>
    /// <exception cref="CollaborationException">The version is in the future or too far behind.</exception>
    internal (Participant Participant, int Version)? MovePresence(string connectionId, int version, int anchor, int head)
    {
        (Participant, int)? moved = null;
        lock (_gate)
        {
            if (version > _committed.Version || version < _committed.Version - _options.MaxPresenceLag)
            {
                throw new CollaborationException("stale-presence", $"A cursor at version {version} is too far from version {_committed.Version}.");
            }
            CheckVersion(_committed, version);
            if (!_participants.TryGetValue(connectionId, out var participant))
            {
                return null;
            }
            var missed = _committed.Pull(version);
            var lengthThen = missed.Count > 0 ? missed[0].Changes.Length : _committed.Length;
            if (anchor < 0 || head < 0 || anchor > lengthThen || head > lengthThen)
            {
                return null;
            }
            (anchor, head) = MapSelection(anchor, head, missed);
            var updated = participant with { Anchor = anchor, Head = head };
            _participants[connectionId] = updated;
            moved = (updated, _committed.Version);
        }
        PresenceMoved();
        return moved;
    }

    private void MapParticipants(IReadOnlyList<AcceptedUpdate> accepted)
    {
        foreach (var (id, participant) in _participants.ToArray())
        {
            var (anchor, head) = MapSelection(participant.Anchor, participant.Head, accepted);
            _participants[id] = participant with { Anchor = anchor, Head = head };
        }
    }

    // A selection sticks to the text after it, as the editor's remote cursors do.
    private static (int Anchor, int Head) MapSelection(int anchor, int head, IEnumerable<AcceptedUpdate> updates)
    {
        foreach (var update in updates)
        {
            anchor = update.Changes.MapPosition(Math.Min(anchor, update.Changes.Length), 1);
            head = update.Changes.MapPosition(Math.Min(head, update.Changes.Length), 1);
        }
        return (anchor, head);
    }

    // Presence handlers are in-process and synchronous; the hub relays cursors itself.
    private void PresenceMoved() => _ = _feed.PublishAsync(new PresenceChanged(SectionId)).AsTask();
}
