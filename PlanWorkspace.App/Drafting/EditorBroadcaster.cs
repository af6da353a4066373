using Microsoft.AspNetCore.SignalR;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// Relays each commit to the editors of its section: the only user of the drafting hub's
/// <see cref="IHubContext{THub,T}"/>. The commit pipeline awaits it, so an editor's
/// acknowledgement never overtakes the broadcast it acknowledges.
/// </summary>
internal sealed class EditorBroadcaster(SectionFeed feed, IHubContext<DraftingHub, IDraftingClient> hub) : IHostedService
{
    private IDisposable? _subscription;


    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.SubscribeAll(RelayAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async ValueTask RelayAsync(SectionFeedEvent e)
    {
        // A remote commit reached this instance's editors through the backplane already.
        if (e is not SectionCommitted commit || e.Remote)
        {
            return;
        }
        var editors = hub.Clients.Group(DraftingHub.GroupName(commit.SectionId));
        if (commit.Updates.Count > 0)
        {
            var wire = new WireUpdate[commit.Updates.Count];
            for (var i = 0; i < wire.Length; i++)
            {
                wire[i] = WireUpdate.From(commit.Updates[i]);
            }
            await editors.Updates(commit.SectionId, wire);
        }
        if (commit.Marks.Count > 0)
        {
            await editors.Review(commit.SectionId, commit.Version, [.. commit.Marks]);
        }
    }
}
