using System.Threading.Channels;

namespace PlanWorkspace.App.Drafting;

// The pipeline's second stage: commits are announced on the feed and their pushes answered in
// commit order by one loop, while the writer loop already commits the next batch.
public sealed partial class DocumentSession
{
    // Commits waiting to be announced, in order; written by the writer loop only. At most one
    // entry per waiting push or review command, so it is bounded by the queue above.
    private readonly Channel<Announcement> _announcements =
        Channel.CreateUnbounded<Announcement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _announcer;

    /// <summary>
    /// Queues <paramref name="e"/> (if any) for the announcer, then the completion of
    /// <paramref name="pushes"/>; the task completes once both happened. Writer loop only.
    /// </summary>
    private Task Announce(SectionFeedEvent? e, List<PendingPush>? pushes)
    {
        var announcement = new Announcement(e, pushes);
        if (!_announcements.Writer.TryWrite(announcement))
        {
            // Only after the writer loop ended, which never announces.
            throw new InvalidOperationException("The announcer has stopped.");
        }
        return announcement.Done.Task;
    }

    // In commit order: publish, then acknowledge. PublishAsync runs the synchronous listeners and
    // starts the editors' broadcast (SignalR queues a message on every connection before its send
    // task returns), so an acknowledgement written afterwards cannot overtake the update it
    // acknowledges on that connection; the pushes complete without waiting for the slowest
    // connection to drain, and the next announcement waits for this broadcast (one in flight).
    private async Task AnnounceLoopAsync()
    {
        await foreach (var announcement in _announcements.Reader.ReadAllAsync())
        {
            var publishing = Task.CompletedTask;
            try
            {
                if (announcement.Event is { } e)
                {
                    publishing = _feed.PublishAsync(e).AsTask();
                }
            }
            catch (Exception error)
            {
                // The commit is durable whatever a listener did: the pushes are acknowledged.
                _logger.LogError(error, "Section {SectionId}: announcing a commit failed.", SectionId);
            }
            foreach (var push in announcement.Pushes ?? [])
            {
                push.Completion.TrySetResult(push.Outcome);
            }
            try
            {
                await publishing;
            }
            catch (Exception error)
            {
                _logger.LogError(error, "Section {SectionId}: announcing a commit failed.", SectionId);
            }
            announcement.Done.TrySetResult();
        }
    }

    private sealed class Announcement(SectionFeedEvent? e, List<PendingPush>? pushes)
    {
        public SectionFeedEvent? Event { get; } = e;
        public List<PendingPush>? Pushes { get; } = pushes;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
