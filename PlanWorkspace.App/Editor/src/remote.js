// What others' edits bring along: review marks and cursors, sent at the server's versions and
// drawn at ours (mapped through what we received since and past our unconfirmed edits); and our
// own cursor, sent to them. Moved out of editor.js, which hands it a context.
import { getSyncedVersion, sendableUpdates } from "@codemirror/collab";
import { HubConnectionState } from "@microsoft/signalr";
import { setRemoteCursor } from "./presence.js";
import { mapMark, setMarks } from "./review.js";
import { draftField, setDraft } from "./suggesting.js";

/**
 * ctx: { connection, sectionId, view() → the EditorView, history (version → ChangeSet received),
 *        pendingMarks, pendingPresence (what arrived ahead of our synced version), drafts (drafts.js) }.
 * Returns { showMarks(version, marks, replace), applyPendingMarks(), schedulePresence(), showPresence(p),
 *           applyPendingPresence(), stopPresence() }.
 */
export function createRemote(ctx) {
  const { connection, sectionId, history, pendingMarks, pendingPresence, drafts } = ctx;
  let presenceTimer = 0;

  // Marks come in the server's positions at `version`: bring them to our synced version through
  // the updates received since, then past our unconfirmed edits — as the server maps its anchors.
  function showMarks(version, marks, replace) {
    const view = ctx.view();
    const synced = getSyncedVersion(view.state);
    if (version > synced) { pendingMarks.push({ version, marks, replace }); return; }
    let settledArrived = false;
    const mapped = marks.map((m) => {
      let moved = m;
      for (let v = version + 1; v <= synced && moved; v++) {
        const changes = history.get(v);
        if (changes) moved = mapMark(moved, changes);
      }
      for (const u of sendableUpdates(view.state)) { if (moved) moved = mapMark(moved, u.changes); }
      return moved ?? { ...m, state: "gone" };
    }).map((m) => {
      if (m.id !== drafts.revisedMarkId()) return m;
      if (view.state.field(draftField).settled) { settledArrived = true; return m; } // the stand-in gives way
      drafts.hidden.set(m.id, m); // drawn again once the revision is sent (or refused)
      return { ...m, state: "gone" };
    });
    view.dispatch({ effects: settledArrived ? [setMarks.of({ marks: mapped, replace }), setDraft.of(null)] : setMarks.of({ marks: mapped, replace }) });
  }

  function applyPendingMarks() {
    const view = ctx.view();
    const synced = getSyncedVersion(view.state);
    while (pendingMarks.length > 0 && pendingMarks[0].version <= synced) {
      const { version, marks, replace } = pendingMarks.shift();
      showMarks(version, marks, replace);
    }
  }

  function schedulePresence() {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = 0;
      const view = ctx.view();
      // Positions are sent in the synced document, so only while nothing is unconfirmed;
      // otherwise the next confirmation triggers the send.
      if (!view || sendableUpdates(view.state).length > 0 || connection.state !== HubConnectionState.Connected) return;
      const { anchor, head } = view.state.selection.main;
      connection.invoke("Presence", sectionId, getSyncedVersion(view.state), anchor, head).catch(() => {});
    }, 120);
  }

  function showPresence(p) {
    const view = ctx.view();
    const synced = getSyncedVersion(view.state);
    if (p.version > synced) { pendingPresence.set(p.connectionId, p); return; }
    let { anchor, head } = p;
    for (const u of sendableUpdates(view.state)) { // the server's position, moved past our unconfirmed edits
      anchor = u.changes.mapPos(anchor, 1);
      head = u.changes.mapPos(head, 1);
    }
    view.dispatch({ effects: setRemoteCursor.of({ id: p.connectionId, name: p.name, color: p.color, anchor, head }) });
  }

  function applyPendingPresence() {
    const view = ctx.view();
    const synced = getSyncedVersion(view.state);
    for (const [id, p] of pendingPresence) {
      if (p.version <= synced) { pendingPresence.delete(id); showPresence(p); }
    }
  }

  return { showMarks, applyPendingMarks, schedulePresence, showPresence, applyPendingPresence, stopPresence: () => clearTimeout(presenceTimer) };
}
