// The section editor: CodeMirror 6 with @codemirror/collab, synchronised over the drafting hub.
// The server is the authority (DocumentAuthority in C#); this module is a collab client that
// keeps unconfirmed local updates, pushes them against its synced version, and rebases them when
// updates arrive. Nothing typed is dropped while offline: it is pushed again on reconnect and the
// server applies each update once (deduplicated by client id).
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { ChangeSet, Compartment, EditorState, Prec } from "@codemirror/state";
import { collab, getClientID, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { markdown } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { remoteCursors, setRemoteCursor, removeRemoteCursor } from "./presence.js";
import { mapMark, reviewMarks, reviewTheme, setActiveMark, setMarks } from "./review.js";
import { authorship, setAuthorship } from "./authorship.js";
import { draftField, draftTheme, inputKind, setDraft } from "./suggesting.js";
import { createDrafts } from "./drafts.js";
import { composeAll, insertionAnchor, placeAnchor } from "./merge.js";

// Failures after which nothing was stored and the same push may simply be sent again.
const transientCodes = new Set(["save-failed", "closing", "busy", "rate-limited"]);

// A long offline branch is merged in one push (ADR-020) from this many unconfirmed updates
// with the server this many versions ahead; below, receiving them one by one costs little.
const mergeMinPending = 50;
const mergeMinBehind = 200;
// A branch over the push limit even composed cannot be merged in one push. The ordinary catch-up
// (receive the missed updates one by one, then push in parts) is correct but costs pending ×
// behind change-set maps: taken up to this many (a second or so), else the branch stays unsent.
const mergeSlowBudget = 1_000_000;

const theme = EditorView.theme({
  "&": { fontSize: "15px", border: "1px solid #d0d7e2", borderRadius: "6px", background: "#fff" },
  ".cm-content": {
    fontFamily: '"Pretendard", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif',
    lineHeight: "1.7",
    padding: "12px 0",
  },
  ".cm-scroller": { minHeight: "420px", maxHeight: "70vh" },
  "&.cm-focused": { outline: "2px solid #0b3d91" },
});

// Headings read as headings (basicSetup's default style underlines them).
const markdownStyle = HighlightStyle.define([
  { tag: tags.heading1, fontSize: "1.35em", fontWeight: "700", color: "#0b3d91" },
  { tag: tags.heading2, fontSize: "1.2em", fontWeight: "700", color: "#0b3d91" },
  { tag: tags.heading3, fontSize: "1.08em", fontWeight: "700" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.link, color: "#0b3d91", textDecoration: "underline" },
  { tag: tags.monospace, fontFamily: "monospace" },
  { tag: tags.processingInstruction, color: "#8a94a6" },
]);

/**
 * Creates an editor inside `host` (an element Blazor never re-renders).
 * options: { sectionId, hubUrl, labels: { connecting, saving, saved, offline, readonly, refused, label, labelReadOnly },
 *            dotnet: optional DotNetObjectReference told "MarkClicked"(id) when a suggestion or thread is clicked,
 *            and asked "SuggestTyped"({ version, from, to, text, replacement, revises }) → { id, error } in suggesting mode }
 * Returns a handle with `selection()`, `reveal(id)`, `setSuggesting(on)` and `destroy()`.
 */
export async function createEditor(host, options) {
  const { sectionId, hubUrl, labels, dotnet } = options;
  host.replaceChildren();
  const status = document.createElement("div");
  status.className = "pw-editor-status";
  status.setAttribute("role", "status");
  status.setAttribute("data-testid", "editor-status");
  const mount = document.createElement("div");
  mount.setAttribute("data-testid", "editor");
  host.append(status, mount);

  const connection = new HubConnectionBuilder()
    .withUrl(hubUrl)
    // Never give up: keep trying every few seconds while the user keeps typing locally.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(5000, 250 * 2 ** ctx.previousRetryCount) })
    .configureLogging(LogLevel.Warning)
    .build();

  let view = null;
  let destroyed = false;
  let pushing = false;
  let pushTimer = 0;
  let presenceTimer = 0;
  let maxPushBytes = 256 * 1024;
  let maxPullUpdates = 500;
  let clientIdPrefix = "";
  let retryDelay = 0; // back-off after a transient failure (the server could not save, too many calls)
  let buffered = []; // updates received while the user composes Hangul (IME)
  const pendingPresence = new Map(); // presences ahead of our synced version
  const pendingMarks = []; // review marks sent at a version we have not reached yet
  const history = new Map(); // version -> ChangeSet of recently received updates, to map late marks
  const editable = new Compartment();
  let canEdit = false;
  let canSuggest = false; // may suggest on the section (without editing it: an advisor)
  let suggesting = false;
  let merging = false; // a long offline branch is being merged (typing and broadcasts wait)
  let mergeSent = null; // the merge's push whose answer has not come: { base, changes (composed), json (as sent) }
  let pushInLimbo = false; // a push was cut off: the server may hold it without our knowing
  let merges = 0;
  let mergedOwn = []; // our updates as the server stored them, from the broadcast during a merge
  let lastMerge = null; // { ms, pending, behind, composeMs, pushMs } of the last merge, for tests
  let stranded = null; // { detail }: a merge that cannot be made; the branch stays here, read-only, unsent

  // Typing becomes a suggestion for a writer in suggesting mode, and always for someone who may
  // suggest but not edit (ADR-014): they have no editing mode to switch to.
  const typingSuggests = () => !stranded && (canEdit ? suggesting : canSuggest);
  const idleState = () => (canEdit || canSuggest ? "saved" : "readonly");

  const setStatus = (state, detail) => {
    if (stranded && state !== "offline") { state = "refused"; detail = stranded.detail; } // a refused merge stays said
    // Nothing is "saved" while a typed suggestion waits to be sent (suggesting.js).
    if (state === "saved" && view?.state.field(draftField, false)?.settled === false) state = "suggesting";
    else if (state === "saved" && typingSuggests()) state = "suggestingMode";
    status.dataset.state = state;
    status.textContent = detail ? `${labels[state] ?? state}: ${detail}` : (labels[state] ?? state);
  };

  // Typed suggestions: the draft and its sending (drafts.js).
  const drafts = createDrafts({ view: () => view, labels, dotnet, setStatus, settled, reportError });

  // While a merge runs, what arrives is skipped: the merge ends by loading the section afresh.
  connection.on("Updates", (id, updates) => {
    if (id !== sectionId) return;
    if (!merging && !stranded) receive(updates);
    else if (merging && view) mergedOwn.push(...updates.filter((u) => u.clientId === getClientID(view.state))); // where ours landed
  });
  connection.on("Presence", (p) => { if (p.sectionId === sectionId && !merging && !stranded) showPresence(p); });
  connection.on("Review", (id, version, marks) => { if (id === sectionId && !merging && !stranded) showMarks(version, marks, false); });
  connection.on("PresenceLeft", (id, connectionId) => {
    if (id === sectionId && view && !merging && !stranded) view.dispatch({ effects: removeRemoteCursor.of(connectionId) });
  });
  connection.onreconnecting(() => setStatus("offline"));
  connection.onreconnected(() => resync().catch(reportError));
  connection.onclose(() => { if (!destroyed) { setStatus("offline"); startWithRetry(); } });

  setStatus("connecting");
  await startWithRetry();
  const joined = await connection.invoke("Join", sectionId);
  ({ maxPushBytes, maxPullUpdates, clientIdPrefix } = joined);

  canEdit = joined.canEdit;
  canSuggest = !!joined.canSuggest;
  view = new EditorView({ parent: mount, state: makeState(joined.text, joined.version, joined.marks) });
  setStatus(idleState());
  for (const other of joined.others) showPresence(other);

  function makeState(doc, version, marks) {
    return EditorState.create({
      doc,
      extensions: [
        basicSetup,
        markdown(),
        syntaxHighlighting(markdownStyle),
        EditorView.lineWrapping,
        theme,
        remoteCursors,
        reviewMarks.init(() => ({ marks: new Map(marks.map((m) => [m.id, m])), active: null })),
        reviewTheme,
        authorship,
        // The server only takes client ids in this person's namespace (see DraftingService.Parse).
        draftField,
        draftTheme,
        // Deleting keys are taken by CodeMirror's keymap before the browser's beforeinput; in
        // suggesting mode they strike text out instead.
        Prec.highest(keymap.of(["Backspace", "Delete", "Mod-Backspace", "Mod-Delete"].map((key) => ({
          key,
          run: () => {
            if (!typingSuggests()) return false;
            drafts.suggestInput(key.endsWith("Backspace") ? "back" : "forward");
            return true;
          },
        })))),
        collab({ startVersion: version, clientID: clientIdPrefix + Math.random().toString(36).slice(2, 12) }),
        editable.of(editableExtensions()),
        EditorState.transactionFilter.of(limitInsertSize),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) schedulePush();
          if (update.docChanged || update.selectionSet) schedulePresence();
          // Moving the caret away from the draft finishes it.
          const draft = update.state.field(draftField);
          if (draft && update.selectionSet && !update.transactions.some((t) => t.isUserEvent("suggest"))) {
            const { head } = update.state.selection.main;
            if (head < draft.from || head > draft.to) drafts.flushDraft();
          }
        }),
        EditorView.domEventHandlers({
          // While Hangul is being composed, remote updates wait and nothing is pushed, so the
          // composition is never disturbed; both resume as soon as it ends.
          compositionend: (event) => {
            // In suggesting mode the committed syllables join the draft (the text itself is read-only).
            if (typingSuggests() && event.data) drafts.suggestInput("insert", event.data);
            setTimeout(() => { flushBuffered(); schedulePush(); }, 0);
          },
          beforeinput: (event) => {
            if (!typingSuggests()) return false;
            event.preventDefault();
            const input = event.isComposing || event.inputType === "insertCompositionText" ? null : inputKind(event);
            if (input) drafts.suggestInput(input.kind, input.text);
            return true;
          },
          paste: (event) => {
            if (!typingSuggests()) return false;
            event.preventDefault();
            drafts.suggestInput("insert", event.clipboardData?.getData("text/plain") ?? "");
            return true;
          },
          blur: () => { if (view?.state.field(draftField)) drafts.flushDraft(); return false; },
          click: (event) => {
            const id = event.target.closest?.("[data-mark-id]")?.dataset.markId;
            if (id) {
              view.dispatch({ effects: setActiveMark.of(id) });
              dotnet?.invokeMethodAsync("MarkClicked", id).catch(() => {});
            }
          },
        }),
      ],
    });
  }

  // Read-only for those who may not edit, and while a writer is in "suggesting" mode (selecting
  // text to suggest on or comment). The content stays focusable either way (caret browsing): a
  // keyboard user tabs in, moves with the arrows and selects with Shift; readOnly refuses input.
  function editableExtensions() {
    const writes = canEdit && !suggesting && !merging && !mergeSent && !stranded;
    // Typing becomes suggestions (drafts.js) — never over a stranded branch the server does not have.
    const proposes = !writes && typingSuggests() && !merging;
    return [
      EditorView.editable.of(true),
      EditorState.readOnly.of(!writes),
      EditorView.contentAttributes.of({
        tabindex: "0",
        "aria-label": (writes ? labels.label : proposes ? labels.labelSuggesting : labels.labelReadOnly) ?? "",
        "aria-readonly": String(!writes && !proposes),
        ...(writes || proposes ? {} : { inputmode: "none" }), // no on-screen keyboard for text that cannot change
      }),
    ];
  }

  function limitInsertSize(tr) {
    let inserted = 0;
    tr.changes.iterChanges((_fa, _ta, _fb, _tb, text) => { inserted += text.length; });
    if (inserted > maxPushBytes - 1024) {
      setStatus("refused", `${Math.round(maxPushBytes / 1024)} KB`);
      return [];
    }
    return tr;
  }

  async function startWithRetry() {
    for (let attempt = 0; !destroyed; attempt++) {
      try {
        if (connection.state === HubConnectionState.Disconnected) await connection.start();
        if (view) await resync();
        return;
      } catch {
        setStatus("offline");
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

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
        } while (rejoinAgain && !destroyed);
      } finally {
        rejoining = null;
      }
    })();
    return rejoining;
  }

  // After a reconnect: join again (groups belong to connections), catch up, re-push what is unconfirmed.
  async function rejoin() {
    const rejoined = await connection.invoke("Join", sectionId);
    canEdit = rejoined.canEdit;
    canSuggest = !!rejoined.canSuggest;
    if (stranded) { setStatus("refused", stranded.detail); return; } // nothing is sent; the text stays
    if (shouldMerge(rejoined.version) && await merge(rejoined.version)) return;
    view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    showMarks(rejoined.version, rejoined.marks, true); // what changed while we were away
    await pull();
    pushInLimbo = false; // everything missed was received, our stored updates among them
    setStatus(idleState());
    schedulePush();
  }

  // Receiving thousands of updates while thousands of ours are unconfirmed rebases every one of
  // ours over each (n·m maps). Instead: push ours once at the old synced version (the server
  // rebases them by regions), then load the section afresh (ADR-020).
  function shouldMerge(serverVersion) {
    if (mergeSent) return true; // its answer was lost: only a merge can tell whether it was stored
    if (!canEdit || view.composing || view.state.field(draftField)) return false;
    return sendableUpdates(view.state).length >= mergeMinPending && serverVersion - getSyncedVersion(view.state) >= mergeMinBehind;
  }

  // Returns false when it declines (even composed, the branch is over the push limit, and the
  // ordinary catch-up is cheap): that takes over. Typing waits meanwhile, so nothing typed can be
  // between the two texts. What cannot be merged safely is refused whole (`strand`).
  async function merge(serverVersion) {
    const started = performance.now();
    const measured = { pending: sendableUpdates(view.state).length, behind: serverVersion - getSyncedVersion(view.state) };
    merging = true;
    view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    setStatus("merging");
    try {
      // A push cut off in flight may be stored: receive up to our last stored update first, so
      // that nothing of ours is on the server when the merge's push goes (and the server's
      // "behind" below can only mean that that push itself was stored).
      if (pushInLimbo) { await receiveOwn(serverVersion); pushInLimbo = false; }
      for (let attempt = 0; ; attempt++) {
        const inDoubt = !!mergeSent;
        if (!mergeSent) {
          const updates = sendableUpdates(view.state);
          if (updates.length === 0) return false;
          // As they are when they fit one push (the server rebases many short updates by regions
          // faster than one wide one), else composed into one.
          const changes = composeAll(updates.map((u) => u.changes));
          let json = updates.map((u) => u.changes.toJSON());
          if (JSON.stringify(json).length > maxPushBytes - 1024) json = [changes.toJSON()];
          const size = JSON.stringify(json).length;
          if (size > maxPushBytes - 1024) {
            if (updates.length * measured.behind <= mergeSlowBudget) return false;
            // Nothing is sent (nothing half-applied): the user keeps the text here to copy.
            const kb = (n) => String(Math.ceil(n / 1024));
            strand((labels.mergeTooLarge ?? "").replace("{0}", kb(size)).replace("{1}", kb(maxPushBytes)));
            return true;
          }
          mergeSent = { base: getSyncedVersion(view.state), changes, json };
        }
        measured.composeMs = Math.round(performance.now() - started);
        // The editor's own client id: the server answers "behind" instead of applying it twice.
        mergedOwn = [];
        const clientId = getClientID(view.state);
        const result = await connection.invoke("Push", sectionId, mergeSent.base, mergeSent.json.map((changes) => ({ clientId, changes })));
        measured.pushMs = Math.round(performance.now() - started) - measured.composeMs;
        if (result.behind && !inDoubt) {
          // Not expected (no push of ours was unresolved), but possible: an update of ours is
          // stored after all. Receive up to it and compose what is left. Never taken as "stored":
          // that would drop the branch, so past a few rounds the merge is refused instead.
          mergeSent = null;
          if (attempt >= 2) { strand(refusal("behind")); return true; }
          await receiveOwn(result.version);
          continue;
        }
        // "Behind" for the merge's push sent before: nothing else of ours was unresolved when it
        // went, so what the server holds of ours is that push. Either way ours is in the text now.
        await reload(result.behind ? null : result.version);
        break;
      }
      merges++;
    } catch (error) {
      if (connection.state !== HubConnectionState.Connected) { setStatus("offline"); return true; } // the next resync merges
      const { code } = hubError(error);
      // Refused for good: unlike an ordinary push, the branch is not dropped by reloading.
      if (!transientCodes.has(code)) { strand(refusal(code)); return true; }
      retryDelay = Math.min(8000, Math.max(250, retryDelay * 2));
      setStatus("retrying");
      setTimeout(() => resync().catch(reportError), retryDelay); // nothing was stored: merge again
      return true;
    } finally {
      merging = false;
      view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
    }
    retryDelay = 0;
    await pull(); // what was broadcast while the merge skipped it
    setStatus(idleState());
    lastMerge = { ...measured, ms: Math.round(performance.now() - started) };
    schedulePresence();
    return true;
  }

  // A merge that cannot be made: nothing more is sent (a push in doubt is not sent again), the
  // editor keeps the local text read-only for the user to copy, and says so until the page reloads.
  function strand(detail) {
    mergeSent = null;
    stranded = { detail };
    setStatus("refused", detail);
  }

  function refusal(code) {
    const reason = code === "version-unavailable" ? null : labels[`error:${code}`]; // that one speaks of a reload
    return [labels.mergeRefused ?? code, reason].filter(Boolean).join(" ");
  }

  // Fetches what was missed up to `serverVersion` and receives it up to our last stored update.
  async function receiveOwn(serverVersion) {
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
    const { anchor, head } = view.state.selection.main;
    const top = view.scrollDOM.scrollTop;
    const fresh = await connection.invoke("Join", sectionId);
    const composed = mergeSent?.changes;
    const place = (pos) => Math.min(pos, fresh.text.length);
    let map = place;
    const count = mergeSent?.json.length ?? 0;
    const ours = mergedOwn.filter((u) => u.version > accepted - count && u.version <= accepted);
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
    canEdit = fresh.canEdit;
    canSuggest = !!fresh.canSuggest;
    clientIdPrefix = fresh.clientIdPrefix;
    history.clear();
    pendingMarks.length = 0;
    pendingPresence.clear();
    buffered = [];
    mergeSent = null;
    mergedOwn = [];
    view.setState(makeState(fresh.text, fresh.version, fresh.marks));
    view.dispatch({ selection: { anchor: map(anchor), head: map(head) } });
    view.scrollDOM.scrollTop = top;
    for (const other of fresh.others) showPresence(other);
  }

  // The server answers a page at a time; a full page means there is more.
  async function pull() {
    for (;;) {
      const updates = await connection.invoke("Pull", sectionId, getSyncedVersion(view.state));
      receive(updates);
      if (updates.length < maxPullUpdates || view.composing) return;
    }
  }

  function receive(updates) {
    if (!view) return;
    if (view.composing) { buffered.push(...updates); return; }
    const synced = getSyncedVersion(view.state);
    const fresh = updates.filter((u) => u.version > synced);
    if (fresh.length === 0) return;
    if (fresh[0].version !== synced + 1) { pull().catch(reportError); return; } // a gap: fetch what we missed
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
  }

  // Marks come in the server's positions at `version`: bring them to our synced version through
  // the updates received since, then past our unconfirmed edits — as the server maps its anchors.
  function showMarks(version, marks, replace) {
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
    const synced = getSyncedVersion(view.state);
    while (pendingMarks.length > 0 && pendingMarks[0].version <= synced) {
      const { version, marks, replace } = pendingMarks.shift();
      showMarks(version, marks, replace);
    }
  }

  function flushBuffered() {
    if (buffered.length === 0 || view.composing) return;
    const updates = buffered.sort((a, b) => a.version - b.version);
    buffered = [];
    receive(updates);
  }

  function schedulePush() {
    clearTimeout(pushTimer);
    pushTimer = setTimeout(() => push().catch(reportError), Math.max(15, retryDelay));
  }

  async function push() {
    if (pushing || merging || mergeSent || stranded || !view || view.composing || connection.state !== HubConnectionState.Connected) return;
    const updates = sendableUpdates(view.state);
    if (updates.length === 0) return;
    const batch = [];
    let bytes = 0;
    for (const u of updates) {
      const changes = u.changes.toJSON();
      const size = JSON.stringify(changes).length;
      if (batch.length > 0 && bytes + size > maxPushBytes) break;
      batch.push({ clientId: u.clientID, changes });
      bytes += size;
    }
    pushing = true;
    setStatus("saving");
    try {
      // The hub broadcasts our accepted updates before it answers, so by now they are confirmed.
      const result = await connection.invoke("Push", sectionId, getSyncedVersion(view.state), batch);
      retryDelay = 0;
      if (result.behind) {
        // It repeated updates the server already has: receive them (they confirm ours), then retry.
        if (getSyncedVersion(view.state) < result.version) await pull();
      } else {
        setStatus("saved");
      }
    } catch (error) {
      if (connection.state !== HubConnectionState.Connected) { pushInLimbo = true; setStatus("offline"); return; } // re-pushed on reconnect
      const { code } = hubError(error);
      if (transientCodes.has(code)) {
        // Nothing was stored and nothing is lost: keep the edits, wait a little longer each time, send again.
        retryDelay = Math.min(8000, Math.max(250, retryDelay * 2));
        setStatus("retrying");
        clearTimeout(pushTimer);
        pushTimer = setTimeout(() => push().catch(reportError), retryDelay);
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
    const fresh = await connection.invoke("Join", sectionId);
    canEdit = fresh.canEdit;
    canSuggest = !!fresh.canSuggest;
    clientIdPrefix = fresh.clientIdPrefix;
    view.setState(makeState(fresh.text, fresh.version, fresh.marks));
    setStatus("refused", labels[`error:${code}`] ?? code);
  }

  function schedulePresence() {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = 0;
      // Positions are sent in the synced document, so only while nothing is unconfirmed;
      // otherwise the next confirmation triggers the send.
      if (!view || sendableUpdates(view.state).length > 0 || connection.state !== HubConnectionState.Connected) return;
      const { anchor, head } = view.state.selection.main;
      connection.invoke("Presence", sectionId, getSyncedVersion(view.state), anchor, head).catch(() => {});
    }, 120);
  }

  function showPresence(p) {
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
    const synced = getSyncedVersion(view.state);
    for (const [id, p] of pendingPresence) {
      if (p.version <= synced) { pendingPresence.delete(id); showPresence(p); }
    }
  }

  // The hub sends "code: detail" (DraftingHub.Guarded); the code is what the user is told about.
  function hubError(error) {
    const message = String(error?.message ?? error).replace(/^.*HubException: /, "");
    const match = /^([a-z-]+): /.exec(message);
    return { code: match ? match[1] : "unknown", message };
  }

  function reportError(error) {
    console.warn("editor", error);
    if (connection.state !== HubConnectionState.Connected) setStatus("offline");
  }

  // Waits (briefly) until every local edit is confirmed, so positions are the server's at `version`.
  async function settled() {
    for (let i = 0; i < 100 && sendableUpdates(view.state).length > 0; i++) {
      schedulePush();
      await new Promise((r) => setTimeout(r, 50));
    }
    return sendableUpdates(view.state).length === 0;
  }

  const handle = {
    get view() { return view; },
    /** The marks drawn now: [{ id, kind, state, from, to }], for tests. */
    get marks() { return [...view.state.field(reviewMarks).marks.values()]; },
    /** The selection in the server's positions: { version, from, to, text }, or null while edits are unsent. */
    async selection() {
      if (!(await settled())) return null;
      const { from, to } = view.state.selection.main;
      return { version: getSyncedVersion(view.state), from, to, text: view.state.sliceDoc(from, to) };
    },
    /** Scrolls to a suggestion or thread, selects its passage and highlights it. */
    reveal(id) {
      const mark = view.state.field(reviewMarks).marks.get(id);
      if (!mark) return false;
      view.dispatch({ selection: { anchor: mark.from, head: mark.to }, effects: [setActiveMark.of(id), EditorView.scrollIntoView(mark.from, { y: "center" })] });
      return true;
    },
    /**
     * Tints text by author: spans [{ from, to, color, name }] in the server's positions at
     * `version`; null switches it off. Returns false when the version is not reached yet.
     */
    showAuthorship(version, spans) {
      if (!spans) { view.dispatch({ effects: setAuthorship.of(null) }); return true; }
      const synced = getSyncedVersion(view.state);
      if (version > synced) return false;
      const mapped = [];
      for (const span of spans) {
        let moved = span;
        for (let v = version + 1; v <= synced && moved; v++) {
          const changes = history.get(v);
          if (changes) moved = mapMark(moved, changes);
        }
        for (const u of sendableUpdates(view.state)) { if (moved) moved = mapMark(moved, u.changes); }
        if (moved && moved.to > moved.from) mapped.push(moved);
      }
      view.dispatch({ effects: setAuthorship.of(mapped) });
      return true;
    },
    setSuggesting(on) {
      suggesting = !!on;
      if (!typingSuggests()) drafts.flushDraft();
      view.dispatch({ effects: editable.reconfigure(editableExtensions()) });
      setStatus(idleState());
    },
    /** The unsent suggestion typed in suggesting mode: { from, to, text, revises }, or null. */
    get draft() { return view.state.field(draftField); },
    get text() { return view.state.doc.toString(); },
    get version() { return getSyncedVersion(view.state); },
    get unconfirmed() { return sendableUpdates(view.state).length; },
    get clientId() { return getClientID(view.state); },
    /** How many long offline branches were merged in one push (ADR-020), for tests. */
    get merges() { return merges; },
    /** Rejoins as a reconnect does (tests: a second rejoin while one runs); resolves when done. */
    rejoin: () => resync(),
    get connected() { return connection.state === HubConnectionState.Connected; },
    get lastMerge() { return lastMerge; },
    /** A merge's push whose answer was lost, and a merge refused whole (the branch kept here), for tests. */
    get mergeInDoubt() { return !!mergeSent; },
    get stranded() { return !!stranded; },
    async destroy() {
      destroyed = true;
      clearTimeout(pushTimer);
      clearTimeout(presenceTimer);
      drafts.dispose();
      try { if (connection.state === HubConnectionState.Connected) await connection.invoke("Leave", sectionId); } catch { /* closing anyway */ }
      await connection.stop();
      view?.destroy();
      delete host.pwEditor;
    },
  };
  host.pwEditor = handle; // for end-to-end tests and debugging
  return handle;
}

/** Scrolls an element of the page (a review card) into view and focuses it. */
export function scrollToElement(id) {
  const element = document.getElementById(id);
  element?.scrollIntoView({ behavior: "smooth", block: "nearest" });
}
