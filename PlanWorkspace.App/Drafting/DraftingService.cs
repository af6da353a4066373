using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// What the drafting hub does, with every permission checked here through the domain's
/// <see cref="AccessPolicy"/>: reading needs the right to read the section, pushing the right to edit it.
/// </summary>
public sealed class DraftingService(
    DocumentSessionRegistry sessions,
    IDbContextFactory<PlanDbContext> dbFactory,
    CurrentActors actors,
    IOptions<CollaborationOptions> options)
{
    private const string ActorKey = "actor";
    private const string SectionsKey = "sections";

    public static string ColorOf(int personId) => PersonColors.Of(personId);

    /// <summary>The prefix every client id of <paramref name="personId"/>'s editors must carry.</summary>
    public static string ClientIdPrefix(int personId) => string.Create(CultureInfo.InvariantCulture, $"p{personId}-");

    /// <summary>
    /// Joins a section: checks the right to read it, then <paramref name="subscribe"/> (the hub
    /// adds the connection to the section's group), and only then takes the committed text, so
    /// every update after that version reaches the editor.
    /// </summary>
    public async Task<JoinResult> JoinAsync(HubCallerContext context, int sectionId, Func<Task> subscribe)
    {
        var actor = await ActorAsync(context);
        var bodyId = (await SessionAsync(sectionId)).BodyId;
        if (!AccessPolicy.CanReadSection(actor, bodyId))
        {
            throw new CollaborationException("forbidden-read", "You may not read this section.");
        }
        await subscribe();
        var color = ColorOf(actor.PersonId);
        IReadOnlyList<Participant> others = [];
        var session = await sessions.JoinAsync(sectionId, s =>
        {
            others = s.Participants();
            return new Participant(context.ConnectionId, actor.PersonId, actor.DisplayName, color, 0, 0);
        }) ?? throw NoSuchSection(sectionId);
        Sections(context).TryAdd(sectionId, 0);
        // Several instances: the text served must hold what the others committed.
        await session.EnsureCurrentAsync(null);
        var (version, text, marks) = session.CurrentWithMarks();
        return new JoinResult(version, text, AccessPolicy.CanEditSection(actor, session.BodyId), color,
            others.Where(p => p.ConnectionId != context.ConnectionId).Select(p => ToInfo(sectionId, p, version)).ToList(),
            options.Value.MaxPushBytes, options.Value.MaxPullUpdates, marks, ClientIdPrefix(actor.PersonId), AccessPolicy.CanSuggest(actor, session.BodyId));
    }

    /// <summary>Committed updates after <paramref name="version"/>, a page at a time (a full page means: pull again).</summary>
    public async Task<WireUpdate[]> PullAsync(HubCallerContext context, int sectionId, int version)
    {
        var (_, session) = await JoinedAsync(context, sectionId);
        // A pull follows a gap: on several instances, the missing versions may be another's.
        await session.EnsureCurrentAsync(null);
        return session.Pull(version).Select(WireUpdate.From).ToArray();
    }

    public async Task<PushResult> PushAsync(HubCallerContext context, int sectionId, int baseVersion, PushedUpdate[]? updates)
    {
        var (actor, session) = await JoinedAsync(context, sectionId);
        if (!AccessPolicy.CanEditSection(actor, session.BodyId))
        {
            throw new CollaborationException("forbidden-edit", "You may not edit this section; propose a suggestion instead.");
        }
        if (updates is null || updates.Length == 0)
        {
            throw new CollaborationException("malformed", "The push holds no updates.");
        }
        var parsed = Parse(updates, options.Value.MaxPushBytes, ClientIdPrefix(actor.PersonId));
        var outcome = await session.PushAsync(baseVersion, parsed, actor.PersonId);
        return new PushResult(outcome.Accepted.Count, outcome.Version, outcome.Behind);
    }

    public async Task<PresenceInfo?> PresenceAsync(HubCallerContext context, int sectionId, int version, int anchor, int head)
    {
        var (_, session) = await JoinedAsync(context, sectionId);
        await session.EnsureCurrentAsync(version);
        var moved = session.MovePresence(context.ConnectionId, version, anchor, head);
        return moved is { } m ? ToInfo(sectionId, m.Participant, m.Version) : null;
    }

    public bool Leave(HubCallerContext context, int sectionId)
    {
        Sections(context).TryRemove(sectionId, out _);
        return sessions.Loaded(sectionId)?.Leave(context.ConnectionId) ?? false;
    }

    public IReadOnlyList<int> LeaveAll(HubCallerContext context) =>
        Sections(context).Keys.Where(id => Leave(context, id)).ToList();

    /// <summary>
    /// Parses pushed change sets. Malformed JSON, lengths that do not add up, a push over the
    /// size limit, and client ids outside the pusher's namespace (<paramref name="clientIdPrefix"/>)
    /// or differing within one push are refused before anything reaches the session: an editor
    /// that received an update carrying its own client id would take it as the confirmation of
    /// its own pending edit, so nobody may push under another person's ids.
    /// </summary>
    internal static IReadOnlyList<ClientUpdate> Parse(IReadOnlyList<PushedUpdate> updates, int maxBytes, string clientIdPrefix)
    {
        var bytes = 0L;
        var parsed = new List<ClientUpdate>(updates.Count);
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i];
            if (update is null || string.IsNullOrEmpty(update.ClientId) || update.ClientId.Length > 64
                || !update.ClientId.StartsWith(clientIdPrefix, StringComparison.Ordinal)
                || (i > 0 && update.ClientId != updates[0].ClientId))
            {
                throw new CollaborationException("bad-client-id", $"Update {i} has no valid client id for this editor.");
            }
            var raw = update.Changes.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : update.Changes.GetRawText();
            bytes += raw.Length;
            if (bytes > maxBytes)
            {
                throw new CollaborationException("too-large", $"The push is larger than the limit of {maxBytes / 1024:N0} KB; send smaller edits.");
            }
            try
            {
                parsed.Add(new ClientUpdate(ChangeSet.FromJson(raw), update.ClientId));
            }
            catch (ChangeSetException e)
            {
                throw new CollaborationException("malformed", $"Update {i} is malformed: {e.Message}");
            }
        }
        return parsed;
    }

    private async Task<(Actor Actor, DocumentSession Session)> JoinedAsync(HubCallerContext context, int sectionId)
    {
        if (!Sections(context).ContainsKey(sectionId))
        {
            throw new CollaborationException("not-joined", "Join the section first.");
        }
        var actor = await ActorAsync(context);
        var session = await SessionAsync(sectionId);
        if (!AccessPolicy.CanReadSection(actor, session.BodyId))
        {
            throw new CollaborationException("forbidden-read", "You may not read this section.");
        }
        return (actor, session);
    }

    private async Task<DocumentSession> SessionAsync(int sectionId) =>
        await sessions.GetAsync(sectionId) ?? throw NoSuchSection(sectionId);

    private static CollaborationException NoSuchSection(int sectionId) =>
        new("no-section", $"Section {sectionId} does not exist.");

    // Every call checks the person's current memberships (ADR-001): the person is taken from the
    // connection's sign-in, their roles from CurrentActors, which re-reads them when a membership
    // changed (or at the latest every two seconds), so a removed chair's next push is refused.
    private async Task<Actor> ActorAsync(HubCallerContext context)
    {
        if (!context.Items.TryGetValue(ActorKey, out var cached) || cached is not int personId)
        {
            var user = context.User ?? throw new CollaborationException("signed-out", "Sign in first.");
            var signedIn = await ActorAccessor.FromPrincipalAsync(user, dbFactory)
                ?? throw new CollaborationException("signed-out", "Sign in again: your account has no person record.");
            context.Items[ActorKey] = personId = signedIn.PersonId;
        }
        return await actors.GetAsync(personId)
            ?? throw new CollaborationException("signed-out", "Sign in again: your account has no person record.");
    }

    private static ConcurrentDictionary<int, byte> Sections(HubCallerContext context) =>
        (ConcurrentDictionary<int, byte>)(context.Items.TryGetValue(SectionsKey, out var value) && value is ConcurrentDictionary<int, byte> set
            ? set
            : context.Items[SectionsKey] = new ConcurrentDictionary<int, byte>());

    private static PresenceInfo ToInfo(int sectionId, Participant p, int version) =>
        new(sectionId, p.ConnectionId, p.PersonId, p.Name, p.Color, version, p.Anchor, p.Head);
}
