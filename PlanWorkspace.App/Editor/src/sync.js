// The collab transport: pushes the unconfirmed local updates (in parts under the push limit,
// backing off after a transient refusal) and receives the server's, a page at a time. Moved out
// of editor.js, which hands it a context (remote.js's functions among it).
import { ChangeSet } from "@codemirror/state";
import { getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { HubConnectionState } from "@microsoft/signalr";
import { hubError, transientCodes } from "./hub.js";

/**
 * ctx: { connection, sectionId, labels, offline (rejoin.js's offlineState()), view() → the EditorView,
 *        history, makeState(doc, version, marks), the editor's canEdit, canSuggest, clientIdPrefix,
 *        maxPushBytes, maxPullUpdates, retryDelay and buffered (read and written through ctx),
 *        setStatus(state, detail), reportError(error), applyPendingPresence(), applyPendingMarks(),
 *        schedulePresence() }.
 * Returns { pull(), receive(updates), flushBuffered(), schedulePush(), stopPushing(), pulls() }.
 */
export function createSync(ctx) {
  const { connection, sectionId, labels, offline, history, makeState, setStatus, reportError,
    applyPendingPresence, applyPendingMarks, schedulePresence } = ctx;
  let pushing = false;
  let pushTimer = 0;

  let pulling = null;
  let pullAgain = false;
  let pulls = 0;

  // One pull at a time, and once more after it for everyone who asked meanwhile: on several
  // instances every broadcast from another can arrive before the versions it follows, and a pull
  // per broadcast (hundreds a second in a busy section) is refused by the hub's rate limit.
  function pull() {
    if (pulling) { pullAgain = true; return pulling; }
    pulling = (async () => {
      try {
        do { pullAgain = false; await pullPages(); } while (pullAgain);
      } finally {
        pulling = null;
      }
    })();
    return pulling;
  }

  // The server answers a page at a time; a full page means there is more.
  async function pullPages() {
    const view = ctx.view();
    for (;;) {
      pulls++;
      const updates = await connection.invoke("Pull", sectionId, getSyncedVersion(view.state));
      receive(updates);
      if (updates.length < ctx.maxPullUpdates || view.composing) return;
    }
  }

  function receive(updates) {
    const view = ctx.view();
    if (!view) return;
    if (view.composing) { ctx.buffered.push(...updates); return; }
    // Each version once and in order, as far as they run on from ours: what waited during a
    // composition can hold the same update twice (its broadcast and a pull), and one of our own
    // received twice would confirm a later update of ours the server never got.
    const synced = getSyncedVersion(view.state);
    const byVersion = new Map();
    for (const u of updates) if (u.version > synced && !byVersion.has(u.version)) byVersion.set(u.version, u);
    const fresh = [];
    for (let v = synced + 1; byVersion.has(v); v++) fresh.push(byVersion.get(v));
    const gap = fresh.length < byVersion.size; // fetched once what runs on is applied
    if (fresh.length === 0) { if (gap) pull().catch(reportError); return; }
    const received = fresh.map((u) => ({ changes: ChangeSet.fromJSON(u.changes), clientID: u.clientId }));
    fresh.forEach((u, i) => history.set(u.version, received[i].changes));
    for (const v of history.keys()) { if (v > fresh[fresh.length - 1].version - 1000) break; history.delete(v); }
    // With unconfirmed local updates, take one update at a time: the server rebases late pushes
    // the same way (StepwiseRebase.cs), so both sides transform identically. Without any, a
    // batch at once transforms nothing.
    let i = 0;
    while (i < received.length && sendableUpdates(view.state).length > 0) {
      view.dispatch(receiveUpdates(view.state, [received[i++]]));
    }
    if (i < received.length) view.dispatch(receiveUpdates(view.state, received.slice(i)));
    applyPendingPresence();
    applyPendingMarks();
    if (sendableUpdates(view.state).length === 0) schedulePresence();
    if (gap) pull().catch(reportError);
  }

  function flushBuffered() {
    const view = ctx.view();
    if (ctx.buffered.length === 0 || view.composing) return;
    const updates = ctx.buffered; // receive puts them in order and drops repeats
    ctx.buffered = [];
    receive(updates);
  }

  function schedulePush() {
    clearTimeout(pushTimer);
    pushTimer = setTimeout(() => push().catch(reportError), Math.max(15, ctx.retryDelay));
  }

  async function push() {
    const view = ctx.view();
    if (pushing || offline.merging || offline.mergeSent || offline.stranded || !view || view.composing || connection.state !== HubConnectionState.Connected) return;
    const updates = sendableUpdates(view.state);
    if (updates.length === 0) return;
    const batch = [];
    let bytes = 0;
    for (const u of updates) {
      const changes = u.changes.toJSON();
      const size = JSON.stringify(changes).length;
      if (batch.length > 0 && bytes + size > ctx.maxPushBytes) break;
      batch.push({ clientId: u.clientID, changes });
      bytes += size;
    }
    pushing = true;
    setStatus("saving");
    try {
      // The hub broadcasts our accepted updates before it answers, so by now they are confirmed.
      const result = await connection.invoke("Push", sectionId, getSyncedVersion(view.state), batch);
      ctx.retryDelay = 0;
      if (result.behind) {
        // It repeated updates the server already has: receive them (they confirm ours), then retry.
        if (getSyncedVersion(view.state) < result.version) await pull();
      } else {
        setStatus("saved");
      }
    } catch (error) {
      if (connection.state !== HubConnectionState.Connected) { offline.pushInLimbo = true; setStatus("offline"); return; } // re-pushed on reconnect
      const { code } = hubError(error);
      if (transientCodes.has(code)) {
        // Nothing was stored and nothing is lost: keep the edits, wait a little longer each time, send again.
        ctx.retryDelay = Math.min(8000, Math.max(250, ctx.retryDelay * 2));
        setStatus("retrying");
        clearTimeout(pushTimer);
        pushTimer = setTimeout(() => push().catch(reportError), ctx.retryDelay);
        return;
      }
      await refused(code);
      return;
    } finally {
      pushing = false;
    }
    if (sendableUpdates(view.state).length > 0) schedulePush();
  }

  // The server refused an update for good (e.g. the section is full): show why and reload its text,
  // since an update that can never be accepted would otherwise block every later one.
  async function refused(code) {
    const view = ctx.view();
    const fresh = await connection.invoke("Join", sectionId);
    ctx.canEdit = fresh.canEdit;
    ctx.canSuggest = !!fresh.canSuggest;
    ctx.clientIdPrefix = fresh.clientIdPrefix;
    view.setState(makeState(fresh.text, fresh.version, fresh.marks));
    setStatus("refused", labels[`error:${code}`] ?? code);
  }

  return { pull, receive, flushBuffered, schedulePush, stopPushing: () => clearTimeout(pushTimer), pulls: () => pulls };
}
