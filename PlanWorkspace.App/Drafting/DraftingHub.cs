using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// The editor's wire: join a section, pull and push collab updates, share the cursor, leave.
/// Thin on purpose — <see cref="DraftingService"/> checks permissions and talks to the session.
/// </summary>
[Authorize]
public sealed class DraftingHub(DraftingService drafting) : Hub<IDraftingClient>
{
    /// <summary>The SignalR group of a section's editors.</summary>
    public static string GroupName(int sectionId) => $"section:{sectionId}";

    // The connection joins the group before the text is read, so no update falls in between.
    public Task<JoinResult> Join(int sectionId) =>
        Guarded(() => drafting.JoinAsync(Context, sectionId,
            () => Groups.AddToGroupAsync(Context.ConnectionId, GroupName(sectionId))));

    public Task<WireUpdate[]> Pull(int sectionId, int version) =>
        Guarded(() => drafting.PullAsync(Context, sectionId, version));

    public Task<PushResult> Push(int sectionId, int baseVersion, PushedUpdate[] updates) =>
        Guarded(() => drafting.PushAsync(Context, sectionId, baseVersion, updates));

    public async Task Presence(int sectionId, int version, int anchor, int head)
    {
        var presence = await Guarded(() => drafting.PresenceAsync(Context, sectionId, version, anchor, head));
        if (presence is not null)
        {
            await Clients.OthersInGroup(GroupName(sectionId)).Presence(presence);
        }
    }

    public async Task Leave(int sectionId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(sectionId));
        if (drafting.Leave(Context, sectionId))
        {
            await Clients.Group(GroupName(sectionId)).PresenceLeft(sectionId, Context.ConnectionId);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var sectionId in drafting.LeaveAll(Context))
        {
            await Clients.Group(GroupName(sectionId)).PresenceLeft(sectionId, Context.ConnectionId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    // A refused request reaches the client as a HubException "code: detail"; the editor shows the
    // code in the user's language and retries the transient ones. The connection stays.
    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (CollaborationException e)
        {
            throw new HubException($"{e.Code}: {e.Message}");
        }
    }
}
