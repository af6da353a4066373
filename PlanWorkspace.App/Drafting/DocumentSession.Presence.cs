namespace PlanWorkspace.App.Drafting;

// The session's side of presence: joining and leaving count as use (idle eviction), cursor reports
// are checked against the committed version, and every change is told on the feed. The
// participants themselves live in Presence.
public sealed partial class DocumentSession
{
    private readonly Presence _presence = new();

    public IReadOnlyList<Participant> Participants() => _presence.List();

    /// <summary>Adds an editor; false when the session was closed meanwhile (load it again).</summary>
    internal bool Join(Participant participant)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _presence.Add(participant);
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
            removed = _presence.Remove(connectionId);
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
        Participant? moved;
        int current;
        lock (_gate)
        {
            if (version > _committed.Version || version < _committed.Version - _options.MaxPresenceLag)
            {
                throw new CollaborationException("stale-presence", $"A cursor at version {version} is too far from version {_committed.Version}.");
            }
            CheckVersion(_committed, version);
            var missed = _committed.Pull(version);
            var lengthThen = missed.Count > 0 ? missed[0].Changes.Length : _committed.Length;
            // Under the session's lock, so no commit maps the participants in between.
            moved = _presence.Move(connectionId, anchor, head, lengthThen, missed);
            current = _committed.Version;
        }
        if (moved is null)
        {
            return null;
        }
        PresenceMoved();
        return (moved, current);
    }

    // Presence handlers are in-process and synchronous; the hub relays cursors itself.
    private void PresenceMoved() => _ = _feed.PublishAsync(new PresenceChanged(SectionId)).AsTask();
}
