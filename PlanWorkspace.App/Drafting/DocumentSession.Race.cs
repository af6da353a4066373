using System.Globalization;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// Several instances (ADR-012): each may hold a session of the same section, and the op log's key
// (SectionId, Version) decides who takes a version. A commit that finds its versions taken loads
// the tail it missed, appends it to both copies, has the domain rebase the batch's pushes over it
// (DocumentAuthority.Receive, stepwise) and tries again. A session also follows what the other
// instances commit — told by the shared feed, or checked before serving an editor a version it
// may not have — so Join and Pull never serve a state older than what an editor already saw.
public sealed partial class DocumentSession
{
    /// <summary>Attempts of one batch against lost races before it fails as transient (the editors re-send).</summary>
    /// <remarks>
    /// Two instances busy in one section lose to each other often: with 5 attempts a batch of 70–90
    /// pushes failed now and then and came back from every editor at once (the "transient storm"
    /// of the two-instance bench). A retry costs a tail read and a rebase; failing costs far more.
    /// </remarks>
    internal const int MaxCommitAttempts = 20;

    // The highest version another instance announced (under _gate).
    private int _heardVersion;

    /// <summary>
    /// Appends what another instance committed up to <paramref name="version"/>: from
    /// <paramref name="heard"/> (the updates as announced) when they continue this copy, otherwise
    /// read from the op log; with <paramref name="reloadMarks"/>, the review marks are read again
    /// too (the other instance stored or decided one). Runs on the writer loop, after the work
    /// queued before it; completes at once when the session already holds that version.
    /// </summary>
    internal Task CatchUpAsync(int version, IReadOnlyList<AcceptedUpdate>? heard = null, bool reloadMarks = false)
    {
        lock (_gate)
        {
            _heardVersion = Math.Max(_heardVersion, version);
            if (_committed.Version >= version && !reloadMarks)
            {
                return Task.CompletedTask;
            }
        }
        return EnqueueCatchUpAsync(new PendingCatchUp(version, heard, reloadMarks));
    }

    /// <summary>
    /// Before serving an editor (Join, Pull, presence) on a shared deployment: makes sure the session
    /// holds <paramref name="version"/> and whatever other instances announced, or, with null (a
    /// join), whatever the op log holds. Without the shared feed there is no other writer: nothing to do.
    /// </summary>
    internal Task EnsureCurrentAsync(int? version)
    {
        if (!_feed.Shared)
        {
            return Task.CompletedTask;
        }
        int? target = null;
        lock (_gate)
        {
            if (version is { } wanted)
            {
                target = Math.Max(wanted, _heardVersion);
                if (_committed.Version >= target)
                {
                    return Task.CompletedTask;
                }
            }
        }
        return EnqueueCatchUpAsync(new PendingCatchUp(target, null, false));
    }

    // Waits for room in the bounded queue rather than skipping: an editor must not be served less
    // than it saw. A closing session takes no more work; its successor loads everything from the op log.
    private async Task EnqueueCatchUpAsync(PendingCatchUp work)
    {
        if (!_queue.Writer.TryWrite(work))
        {
            try
            {
                await _queue.Writer.WriteAsync(work);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
        }
        await work.Completion.Task;
    }

    // On the writer loop, between commits (the working copy equals the committed one).
    private async Task RunCatchUpAsync(PendingCatchUp work)
    {
        int committed;
        lock (_gate)
        {
            committed = _committed.Version;
        }
        if (work.Version is { } version && committed >= version && !work.ReloadMarks)
        {
            work.Completion.TrySetResult();
            return;
        }
        if (!work.ReloadMarks && work.Heard is { Count: > 0 } heard && heard[0].Version <= committed + 1 && heard[^1].Version >= work.Version)
        {
            // The announcement carries exactly what is missing: no read.
            AppendMissed(heard.Where(u => u.Version > committed).ToList(), null);
        }
        else
        {
            await CatchUpFromLogAsync(work.ReloadMarks);
        }
        work.Completion.TrySetResult();
    }

    // A commit found its first version taken: start again from the committed copy plus what the
    // other instance stored. Nothing of the failed attempt reached the database (one transaction).
    private async Task RecoverLostRaceAsync()
    {
        _metrics.LostRace();
        lock (_gate)
        {
            _working = _committed.Clone();
        }
        _book.Retrack(_working);
        await CatchUpFromLogAsync(reloadMarks: false);
    }

    // Pushes made on a version this instance has not committed (the editor heard it from another
    // instance through the backplane): read that far first, so the domain can place them.
    private async Task CatchUpForPushesAsync(List<PendingPush> batch)
    {
        if (batch.Any(p => p.BaseVersion > _working.Version))
        {
            await CatchUpFromLogAsync(reloadMarks: false);
        }
    }

    private async Task CatchUpFromLogAsync(bool reloadMarks)
    {
        int committed;
        lock (_gate)
        {
            committed = _committed.Version;
        }
        var loaded = await _store.LoadTailAsync(SectionId, committed, reloadMarks);
        if (loaded is not { } missed)
        {
            // The rows after our version were compacted meanwhile: load the section whole.
            var whole = await _store.LoadAsync(SectionId, _options.RetainedVersions)
                ?? throw new InvalidOperationException($"Section {SectionId} no longer exists.");
            var (freshCommitted, freshWorking) = Load(whole);
            lock (_gate)
            {
                (_committed, _working) = (freshCommitted, freshWorking);
                _committedMarks = _book.Infos(_working);
            }
            return;
        }
        AppendMissed(missed.Tail.Select(ToUpdate).ToList(), missed.Marks);
    }

    private void AppendMissed(List<AcceptedUpdate> missed, IReadOnlyList<StoredMark>? marks)
    {
        if (missed.Count > 0)
        {
            lock (_gate)
            {
                _committed.Append(missed);
            }
            // The other instance stored what these updates did to the marks it tracks; follow them here.
            _book.Follow(_working, _working.Append(missed));
            _metrics.CaughtUp(missed.Count);
        }
        if (marks is not null)
        {
            LoadMarks(_working, marks.Select(MapToCurrent).OfType<StoredMark>().ToList());
        }
        lock (_gate)
        {
            TrimHistory();
            _presence.MapThrough(missed);
            _committedMarks = _book.Infos(_working);
        }
    }

    // A stored anchor holds at its own version; one stored before the latest commits (by an
    // instance that did not track it yet) is mapped through them by the domain's rule for marks.
    // Null when those commits deleted its text.
    private StoredMark? MapToCurrent(StoredMark mark)
    {
        var anchor = mark.Anchor;
        if (anchor.Version >= _working.Version || anchor.Version < _working.StartVersion)
        {
            return mark;
        }
        var (from, to) = (anchor.From, anchor.To);
        foreach (var update in _working.Pull(anchor.Version))
        {
            var changes = update.Changes;
            if (to > changes.Length)
            {
                return mark;
            }
            if (from == to)
            {
                if (changes.MapPos(from, -1, MapMode.TrackDel) is not { } at)
                {
                    return null;
                }
                from = to = at;
            }
            else
            {
                if (changes.DeletesRange(from, to))
                {
                    return null;
                }
                (from, to) = (changes.MapPosition(from, 1), Math.Max(changes.MapPosition(from, 1), changes.MapPosition(to, -1)));
            }
        }
        return mark with { Anchor = new ReviewAnchor(from, to, _working.Version) };
    }

    // A review command's edit (an accepted or reverted suggestion), stored with its decision in one
    // transaction. Lost races are retried like pushes: the range is carried over what the other
    // instance committed (a tracked mark's anchor is mapped with the rest) and the edit made again.
    private async Task<int> CommitReplaceAsync(int from, int to, string insert, int authorId, string clientId,
        Func<PlanDbContext, int, Task> alongside, string? markId)
    {
        for (var attempt = 1; ; attempt++)
        {
            var authority = _working;
            var before = authority.Version;
            if ((long)authority.Length - (to - from) + insert.Length > _options.MaxSectionLength)
            {
                throw SectionFull();
            }
            var changed = new List<ReviewMarkInfo>();
            // Untracked in the working copy now; the book follows once the commit is durable.
            if (markId is not null && _book.Retire(authority, markId) is { } gone)
            {
                changed.Add(gone);
            }
            var result = authority.Receive(before, [new ClientUpdate(ChangeSet.Of(authority.Length, from, to, insert), clientId)],
                authorId.ToString(CultureInfo.InvariantCulture), _clock.GetUtcNow());
            var version = result.Version;
            try
            {
                var committed = await CommitAsync(before, result.Accepted, result.DeletedAnchors, changed, db => alongside(db, version), markId);
                await Announce(committed, null);
                return version;
            }
            catch (Exception e) when (e is ReviewException or CollaborationException)
            {
                // Refused inside the transaction (nothing stored): the edit and the retired mark
                // leave the working copy, which goes back to what the database has.
                ResetWorking();
                throw;
            }
            catch (Exception e) when (attempt < MaxCommitAttempts && DatabaseErrors.IsDuplicateKey(e))
            {
                await RecoverLostRaceAsync();
                if (markId is not null)
                {
                    // Tracked again by the recovery, mapped over the missed commits (or gone with its text).
                    var anchor = _working.FindAnchor(markId) ?? throw new CollaborationException("not-tracked", $"{markId} is not tracked.");
                    (from, to) = (anchor.From, anchor.To);
                    continue;
                }
                foreach (var update in _working.Pull(before))
                {
                    (from, to) = (update.Changes.MapPosition(from, 1), Math.Max(update.Changes.MapPosition(from, 1), update.Changes.MapPosition(to, -1)));
                }
            }
        }
    }

    private static AcceptedUpdate ToUpdate(SectionOp op) =>
        new(op.Version, ChangeSet.FromJson(op.Changes), op.ClientId, op.AuthorId.ToString(CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(op.Timestamp));

    private sealed class PendingCatchUp(int? version, IReadOnlyList<AcceptedUpdate>? heard, bool reloadMarks) : IWork
    {
        /// <summary>The version to reach; null: whatever the op log holds.</summary>
        public int? Version { get; } = version;
        public IReadOnlyList<AcceptedUpdate>? Heard { get; } = heard;
        public bool ReloadMarks { get; } = reloadMarks;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}
