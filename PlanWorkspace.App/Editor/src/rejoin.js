// Rejoining after a reconnect, and the long offline merge (ADR-020): join again, then either catch
// up and re-push what is unconfirmed, or push a long offline branch once and load the section
// afresh. Moved out of editor.js, which hands it a context (below) and shares the merge's state.
import { ChangeSet } from "@codemirror/state";
import { getClientID, getSyncedVersion, sendableUpdates } from "@codemirror/collab";
import { HubConnectionState } from "@microsoft/signalr";
import { draftField } from "./suggesting.js";
import { composeAll, insertionAnchor, placeAnchor } from "./merge.js";
import { hubError, transientCodes } from "./hub.js";

// A long offline branch is merged in one push (ADR-020) from this many unconfirmed updates
// with the server this many versions ahead; below, receiving them one by one costs little.
const mergeMinPending = 50;
const mergeMinBehind = 200;
// A branch over the push limit even composed cannot be merged in one push. The ordinary catch-up
// (receive the missed updates one by one, then push in parts) is correct but costs pending ×
// behind change-set maps: taken up to this many (a second or so), else the branch stays unsent.
const mergeSlowBudget = 1_000_000;

/** The merge's state: editor.js reads it to hold typing, pushes and broadcasts while a merge runs. */
export function offlineState() {
  return {
    merging: false, // a long offline branch is being merged (typing and broadcasts wait)
    mergeSent: null, // the merge's push whose answer has not come: { base, changes (composed), json (as sent) }
    pushInLimbo: false, // a push was cut off: the server may hold it without our knowing
    merges: 0,
    mergedOwn: [], // our updates as the server stored them, from the broadcast during a merge
    lastMerge: null, // { ms, pending, behind, composeMs, pushMs } of the last merge, for tests
    stranded: null, // { detail }: a merge that cannot be made; the branch stays here, read-only, unsent
  };
}

/**
 * ctx: { connection, sectionId, labels, offline (offlineState()), view() → the EditorView, history,
 *        pendingMarks, pendingPresence, editable, editableExtensions(), makeState(doc, version, marks),
 *        the editor's canEdit, canSuggest, clientIdPrefix, maxPushBytes, retryDelay, buffered and
 *        destroyed (read and written through ctx), setStatus(state, detail), idleState(), reportError(error),
 *        sync.js's pull(), receive(updates), schedulePush(), and remote.js's showMarks(version, marks, replace),
 *        showPresence(p), schedulePresence() }.
 * Returns { resync() }: rejoins (one rejoin at a time); resolves when done.
 */
export function createRejoin(ctx) {
  const { connection, sectionId, labels, offline, history, pendingMarks, pendingPresence, editable, editableExtensions,
    makeState, setStatus, idleState, reportError, pull, receive, schedulePush, showMarks, showPresence, schedulePresence } = ctx;

  // One rejoin at a time: a reconnect and a retry timer (or a second reconnect) can ask together,
  // and two rejoins would each start the same offline merge. A request during a rejoin runs once
  // more after it, with whatever that one left.
  let rejoining = null;
  let rejoinAgain = false;
  function resync() {
    if (rejoining) {
      rejoinAgain = true;
      return rejoining;
    }
    rejoining = (async () => {
      try {
        do {
          rejoinAgain = false;
          try {
            await rejoin();
          } catch (error) {
            if (!rejoinAgain) throw error;
          }
        } while (rejoinAgain && !ctx.destroyed);
      } finally {
        rejoining = null;
      }
    })();
    return rejoining;
  }

  // After a reconnect: join again (groups belong to connections), catch up, re-push what is unconfirmed.
  async function rejoin() {
    const rejoined = await connection.invoke("Join", sectionId);
    const view = ctx.view();
    ctx.canEdit = rejoined.canEdit;
    ctx.canSuggest = !!rejoined.canSuggest;
    if (offline.stranded) { setStatus("refused", offline.stranded.detail); return; } // nothing is sent; the text stays
    if (shouldMerge(rejoined.version) && await merge(rejoined.version)) return;
    view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    showMarks(rejoined.version, rejoined.marks, true); // what changed while we were away
    await pull();
    offline.pushInLimbo = false; // everything missed was received, our stored updates among them
    setStatus(idleState());
    schedulePush();
  }

  // Receiving thousands of updates while thousands of ours are unconfirmed rebases every one of
  // ours over each (n·m maps). Instead: push ours once at the old synced version (the server
  // rebases them by regions), then load the section afresh (ADR-020).
  function shouldMerge(serverVersion) {
    const view = ctx.view();
    if (offline.mergeSent) return true; // its answer was lost: only a merge can tell whether it was stored
    if (!ctx.canEdit || view.composing || view.state.field(draftField)) return false;
    return sendableUpdates(view.state).length >= mergeMinPending && serverVersion - getSyncedVersion(view.state) >= mergeMinBehind;
  }

  // Returns false when it declines (even composed, the branch is over the push limit, and the
  // ordinary catch-up is cheap): that takes over. Typing waits meanwhile, so nothing typed can be
  // between the two texts. What cannot be merged safely is refused whole (`strand`).
  async function merge(serverVersion) {
    const view = ctx.view();
    const started = performance.now();
    const measured = { pending: sendableUpdates(view.state).length, behind: serverVersion - getSyncedVersion(view.state) };
    offline.merging = true;
    view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    setStatus("merging");
    try {
      // A push cut off in flight may be stored: receive up to our last stored update first, so
      // that nothing of ours is on the server when the merge's push goes (and the server's
      // "behind" below can only mean that that push itself was stored).
      if (offline.pushInLimbo) { await receiveOwn(serverVersion); offline.pushInLimbo = false; }
      for (let attempt = 0; ; attempt++) {
        const inDoubt = !!offline.mergeSent;
        if (!offline.mergeSent) {
          const updates = sendableUpdates(view.state);
          if (updates.length === 0) return false;
          // As they are when they fit one push (the server rebases many short updates by regions
          // faster than one wide one), else composed into one.
          const changes = composeAll(updates.map((u) => u.changes));
          let json = updates.map((u) => u.changes.toJSON());
          if (JSON.stringify(json).length > ctx.maxPushBytes - 1024) json = [changes.toJSON()];
          const size = JSON.stringify(json).length;
          if (size > ctx.maxPushBytes - 1024) {
            if (updates.length * measured.behind <= mergeSlowBudget) return false;
            // Nothing is sent (nothing half-applied): the user keeps the text here to copy.
            const kb = (n) => String(Math.ceil(n / 1024));
            strand((labels.mergeTooLarge ?? "").replace("{0}", kb(size)).replace("{1}", kb(ctx.maxPushBytes)));
            return true;
          }
          offline.mergeSent = { base: getSyncedVersion(view.state), changes, json };
        }
        measured.composeMs = Math.round(performance.now() - started);
        // The editor's own client id: the server answers "behind" instead of applying it twice.
        offline.mergedOwn = [];
        const clientId = getClientID(view.state);
        const result = await connection.invoke("Push", sectionId, offline.mergeSent.base, offline.mergeSent.json.map((changes) => ({ clientId, changes })));
        measured.pushMs = Math.round(performance.now() - started) - measured.composeMs;
        if (result.behind && !inDoubt) {
          // Not expected (no push of ours was unresolved), but possible: an update of ours is
          // stored after all. Receive up to it and compose what is left. Never taken as "stored":
          // that would drop the branch, so past a few rounds the merge is refused instead.
          offline.mergeSent = null;
          if (attempt >= 2) { strand(refusal("behind")); return true; }
          await receiveOwn(result.version);
          continue;
        }
        // "Behind" for the merge's push sent before: nothing else of ours was unresolved when it
        // went, so what the server holds of ours is that push. Either way ours is in the text now.
        await reload(result.behind ? null : result.version);
        break;
      }
      offline.merges++;
    } catch (error) {
      if (connection.state !== HubConnectionState.Connected) { setStatus("offline"); return true; } // the next resync merges
      const { code } = hubError(error);
      // Refused for good: unlike an ordinary push, the branch is not dropped by reloading.
      if (!transientCodes.has(code)) { strand(refusal(code)); return true; }
      ctx.retryDelay = Math.min(8000, Math.max(250, ctx.retryDelay * 2));
      setStatus("retrying");
      setTimeout(() => resync().catch(reportError), ctx.retryDelay); // nothing was stored: merge again
      return true;
    } finally {
      offline.merging = false;
      view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    }
    ctx.retryDelay = 0;
    await pull(); // what was broadcast while the merge skipped it
    setStatus(idleState());
    offline.lastMerge = { ...measured, ms: Math.round(performance.now() - started) };
    schedulePresence();
    return true;
  }

  // A merge that cannot be made: nothing more is sent (a push in doubt is not sent again), the
  // editor keeps the local text read-only for the user to copy, and says so until the page reloads.
  function strand(detail) {
    offline.mergeSent = null;
    offline.stranded = { detail };
    setStatus("refused", detail);
  }

  function refusal(code) {
    const reason = code === "version-unavailable" ? null : labels[`error:${code}`]; // that one speaks of a reload
    return [labels.mergeRefused ?? code, reason].filter(Boolean).join(" ");
  }

  // Fetches what was missed up to `serverVersion` and receives it up to our last stored update.
  async function receiveOwn(serverVersion) {
    const view = ctx.view();
    const clientId = getClientID(view.state);
    const missed = [];
    for (let version = getSyncedVersion(view.state); version < serverVersion;) {
      const page = await pullPage(version);
      if (page.length === 0) break;
      missed.push(...page);
      version = page[page.length - 1].version;
    }
    let last = -1;
    missed.forEach((u, i) => { if (u.clientId === clientId) last = i; });
    if (last >= 0) receive(missed.slice(0, last + 1));
  }

  async function pullPage(version) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await connection.invoke("Pull", sectionId, version);
      } catch (error) {
        if (attempt >= 8 || !transientCodes.has(hubError(error).code)) throw error;
        await new Promise((r) => setTimeout(r, Math.min(4000, 250 * 2 ** attempt)));
      }
    }
  }

  // The merge's end: the section as the server has it now, with a fresh collab state. The caret
  // goes beside the same text in our updates as the server rebased them; the scroll position stays.
  async function reload(accepted) {
    const view = ctx.view();
    const { anchor, head } = view.state.selection.main;
    const top = view.scrollDOM.scrollTop;
    const fresh = await connection.invoke("Join", sectionId);
    const composed = offline.mergeSent?.changes;
    const place = (pos) => Math.min(pos, fresh.text.length);
    let map = place;
    const count = offline.mergeSent?.json.length ?? 0;
    const ours = offline.mergedOwn.filter((u) => u.version > accepted - count && u.version <= accepted);
    if (accepted && composed && ours.length === count) {
      const after = fresh.version > accepted ? await pullPage(accepted) : [];
      const rebased = composeAll(ours.map((u) => ChangeSet.fromJSON(u.changes)));
      const later = after.filter((u) => u.version <= fresh.version).map((u) => ChangeSet.fromJSON(u.changes));
      const complete = accepted + later.length === fresh.version;
      map = (pos) => {
        let moved = placeAnchor(rebased, insertionAnchor(composed, pos));
        for (const changes of later) moved = changes.mapPos(moved, -1);
        return complete ? moved : place(moved);
      };
    }
    ctx.canEdit = fresh.canEdit;
    ctx.canSuggest = !!fresh.canSuggest;
    ctx.clientIdPrefix = fresh.clientIdPrefix;
    history.clear();
    pendingMarks.length = 0;
    pendingPresence.clear();
    ctx.buffered = [];
    offline.mergeSent = null;
    offline.mergedOwn = [];
    view.setState(makeState(fresh.text, fresh.version, fresh.marks));
    view.dispatch({ selection: { anchor: map(anchor), head: map(head) } });
    view.scrollDOM.scrollTop = top;
    for (const other of fresh.others) showPresence(other);
  }

  return { resync };
}
