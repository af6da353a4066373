using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

// The pipeline's first stage: the writer loop takes what is queued, asks the domain's rule on the
// working copy, commits what it accepted (one transaction per batch) and hands the commit to the
// announcer (DocumentSession.Announcer.cs). A failed commit resets the working copy.
public sealed partial class DocumentSession
{
    private async Task WriteLoopAsync()
    {
        try
        {
            await WriteAllAsync();
        }
        finally
        {
            // Everything committed is announced before the session counts as drained.
            _announcements.Writer.TryComplete();
            await _announcer;
        }
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<IWork>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            try
            {
                if (_options.CommitLinger > TimeSpan.Zero && _queue.Reader.Count < 4)
                {
                    // Under load, a moment's wait gathers more pushes into one commit and one broadcast.
                    await Task.Delay(_options.CommitLinger);
                }
                while (batch.Count < 256 && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await VerifyAfterFailureAsync();
                await RunBatchAsync(batch);
            }
            catch (Exception e)
            {
                // The loop must outlive any failure, or every later push would wait forever.
                // Nothing of the batch was committed: readers never saw it, and the working copy
                // goes back to the committed one, so the editors' re-sends apply cleanly.
                _logger.LogError(e, "Section {SectionId}: committing {Count} queued items failed; they will be sent again.", SectionId, batch.Count);
                ResetWorking();
                foreach (var work in batch)
                {
                    work.Fail(CollaborationException.SaveFailed());
                }
            }
        }
    }

    // Pushes are committed together; a review command runs alone, after the pushes queued before it.
    private async Task RunBatchAsync(List<IWork> batch)
    {
        var pushes = new List<PendingPush>();
        foreach (var work in batch)
        {
            if (work is PendingPush push)
            {
                pushes.Add(push);
                continue;
            }
            if (pushes.Count > 0)
            {
                await CommitPushesAsync(pushes);
                pushes = [];
            }
            if (work is PendingCatchUp catchUp)
            {
                await RunCatchUpAsync(catchUp);
                continue;
            }
            await RunPendingReviewAsync((PendingReview)work);
        }
        if (pushes.Count > 0)
        {
            await CommitPushesAsync(pushes);
        }
    }

    private async Task CommitPushesAsync(List<PendingPush> batch)
    {
        await CatchUpForPushesAsync(batch);
        // Another instance may take our versions first: then rebase over its commits and try again (DocumentSession.Race.cs).
        for (var attempt = 1; ; attempt++)
        {
            var (done, committed) = await TryCommitPushesAsync(batch, attempt);
            if (done)
            {
                // Not awaited: the writer loop goes on with the next batch while this one is announced.
                _ = Announce(committed, batch);
                return;
            }
            await RecoverLostRaceAsync();
        }
    }

    // Not done when the versions were taken by another writer and another attempt may be made.
    private async Task<(bool Done, SectionCommitted? Committed)> TryCommitPushesAsync(List<PendingPush> batch, int attempt)
    {
        var accepted = new List<AcceptedUpdate>();
        var deleted = new List<DeletedAnchor>();
        var before = _working.Version;
        var now = _clock.GetUtcNow();
        foreach (var push in batch.Where(p => !p.Completion.Task.IsCompleted))
        {
            var (version, length) = (_working.Version, _working.Length);
            try
            {
                CheckLimits(push);
                var result = _working.Receive(push.BaseVersion, push.Updates, push.Author, now);
                push.Outcome = new PushOutcome(result.Accepted, result.Behind, result.Version);
                accepted.AddRange(result.Accepted);
                deleted.AddRange(result.DeletedAnchors);
            }
            catch (Exception e) when (e is VersionOutOfRangeException or ChangeSetException or CollaborationException
                && _working.Version == version && _working.Length == length)
            {
                // Receive checks a push whole before applying any of it: this one changed nothing.
                push.Completion.TrySetException(e as CollaborationException ?? Refusal(e));
            }
        }
        lock (_gate)
        {
            Touch();
        }
        try
        {
            return (true, accepted.Count > 0 ? await CommitAsync(before, accepted, deleted, [], null) : null);
        }
        catch (Exception e) when (attempt < MaxCommitAttempts && DatabaseErrors.IsDuplicateKey(e))
        {
            return (false, null);
        }
    }

    private static CollaborationException Refusal(Exception e) => e switch
    {
        VersionOutOfRangeException => new CollaborationException("version-unavailable", e.Message),
        _ => new CollaborationException("malformed", e.Message),
    };

    /// <summary>
    /// Makes updates just applied to the working copy durable — with the anchors they moved or
    /// orphaned and <paramref name="alongside"/>, in one transaction — then moves the committed
    /// copy forward and returns the record to announce. Throws (and commits nothing) when the database fails.
    /// </summary>
    private async Task<SectionCommitted> CommitAsync(int before, IReadOnlyList<AcceptedUpdate> accepted, IReadOnlyList<DeletedAnchor> deleted,
        List<ReviewMarkInfo> changed, Func<PlanDbContext, Task>? alongside, string? untrackId = null)
    {
        var version = _working.Version;
        var snapshot = version / _options.SnapshotInterval > before / _options.SnapshotInterval ? _working.Text : null;
        var marks = _book.Plan(_working, deleted, version, changed, untrackId);

        // The section's "last changed" is refreshed at most every few seconds, not per keystroke.
        var now = _clock.GetUtcNow();
        var touch = alongside is not null || now - _sectionTouched > TimeSpan.FromSeconds(5);
        var statusChanged = await _store.AppendAsync(new CommitBatch(SectionId, version, accepted, marks.Effects, touch, now), snapshot, alongside);

        // Durable: from here on the updates are the section's, for everyone.
        marks.Apply();
        lock (_gate)
        {
            _committed.Append(accepted);
            TrimHistory();
            _presence.MapThrough(accepted);
            if (marks.Changed || changed.Count > 0)
            {
                _committedMarks = _book.Infos(_working);
            }
        }
        if (touch)
        {
            _sectionTouched = now;
        }
        return new SectionCommitted(SectionId, version, accepted, changed, alongside is not null, statusChanged);
    }

    // Keeps the retained window of history (for late pushes and pulls), trimming in steps so the
    // lists are not shifted on every commit.
    private void TrimHistory()
    {
        var retained = Math.Max(1, _options.RetainedVersions);
        if (_committed.Version - _committed.StartVersion > retained + Math.Max(64, retained / 4))
        {
            var keepFrom = _committed.Version - retained;
            _committed.TrimHistory(keepFrom);
            _working.TrimHistory(keepFrom);
        }
    }

    // After a failed commit: the working copy (and the marks it tracks) back to the committed state.
    private void ResetWorking()
    {
        lock (_gate)
        {
            _working = _committed.Clone();
        }
        _book.Retrack(_working);
        _verifyBeforeCommit = true;
    }

    // A commit that failed on the client side may still have reached the database (a connection
    // lost after COMMIT); before committing again, make sure the log ends where memory does.
    private async Task VerifyAfterFailureAsync()
    {
        if (!_verifyBeforeCommit)
        {
            return;
        }
        var latest = await _store.LatestVersionAsync(SectionId);
        int committed;
        lock (_gate)
        {
            committed = _committed.Version;
        }
        if (latest != committed)
        {
            _logger.LogWarning("Section {SectionId}: the op log ends at {Latest}, memory at {Committed}; reloading.", SectionId, latest, committed);
            var loaded = await _store.LoadAsync(SectionId, _options.RetainedVersions)
                ?? throw new InvalidOperationException($"Section {SectionId} no longer exists.");
            var (freshCommitted, freshWorking) = Load(loaded);
            lock (_gate)
            {
                (_committed, _working) = (freshCommitted, freshWorking);
            }
        }
        _verifyBeforeCommit = false;
    }

    private void CheckLimits(PendingPush push)
    {
        long inserted = 0;
        foreach (var update in push.Updates)
        {
            update.Changes.IterChanges((_, _, _, _, text) => inserted += text.Length);
        }
        if (_working.Length + inserted > _options.MaxSectionLength)
        {
            throw SectionFull();
        }
    }

    private CollaborationException SectionFull() =>
        new("section-full", $"A section may hold at most {_options.MaxSectionLength:N0} characters; this edit would exceed it.");
}
