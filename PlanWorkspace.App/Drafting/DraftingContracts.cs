using System.Text.Json.Nodes;
using System.Text.Json;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>What the drafting hub calls on its clients.</summary>
public interface IDraftingClient
{
    /// <summary>Updates committed to a section, in version order, the sender's own included.</summary>
    Task Updates(int sectionId, WireUpdate[] updates);

    /// <summary>Someone's selection, at <see cref="PresenceInfo.Version"/>.</summary>
    Task Presence(PresenceInfo presence);

    /// <summary>Suggestions or threads added, changed or gone, in positions of <paramref name="version"/>.</summary>
    Task Review(int sectionId, int version, ReviewMarkInfo[] marks);

    /// <summary>Someone closed the section.</summary>
    Task PresenceLeft(int sectionId, string connectionId);
}

/// <summary>An accepted update on the wire; <c>Changes</c> is @codemirror/state's ChangeSet JSON.</summary>
public sealed record WireUpdate(int Version, string ClientId, JsonNode Changes)
{
    public static WireUpdate From(AcceptedUpdate update) => new(update.Version, update.ClientId, update.Changes.ToJson());
}

/// <summary>An update a client pushes (collab's sendableUpdates entry).</summary>
public sealed record PushedUpdate(string ClientId, JsonElement Changes);

/// <summary>
/// The section as it is at <c>Version</c>: text, the review marks to draw (same version), who else
/// is here, and the prefix this person's client ids must start with. <c>CanSuggest</c> without
/// <c>CanEdit</c> (an advisor): the editor is always in suggesting mode (ADR-014).
/// </summary>
public sealed record JoinResult(int Version, string Text, bool CanEdit, string Color, IReadOnlyList<PresenceInfo> Others, int MaxPushBytes,
    int MaxPullUpdates, IReadOnlyList<ReviewMarkInfo> Marks, string ClientIdPrefix, bool CanSuggest = false);

/// <summary>
/// The answer to a push: how many updates were accepted and the version after them, or
/// <c>Behind</c> — nothing was applied; receive up to <c>Version</c> and push again.
/// </summary>
public sealed record PushResult(int Accepted, int Version, bool Behind);

public sealed record PresenceInfo(int SectionId, string ConnectionId, int PersonId, string Name, string Color, int Version, int Anchor, int Head);
