// The section editor: CodeMirror 6 with @codemirror/collab, synchronised over the drafting hub.
// The server is the authority (DocumentAuthority in C#); this module is a collab client that
// keeps unconfirmed local updates, pushes them against its synced version, and rebases them when
// updates arrive. Nothing typed is dropped while offline: it is pushed again on reconnect and the
// server applies each update once (deduplicated by client id).
// Its parts, each given a context: sync.js (pushing and receiving), remote.js (others' marks and
// cursors), rejoin.js (rejoining and the long offline merge), drafts.js (typed suggestions).
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { collab, getClientID, getSyncedVersion, sendableUpdates } from "@codemirror/collab";
import { markdown } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { remoteCursors, removeRemoteCursor } from "./presence.js";
import { mapMark, reviewMarks, reviewTheme, setActiveMark } from "./review.js";
import { authorship, setAuthorship } from "./authorship.js";
import { draftField, draftTheme, inputKind } from "./suggesting.js";
import { createDrafts } from "./drafts.js";
import { createRemote } from "./remote.js";
import { createSync } from "./sync.js";
import { createRejoin, offlineState } from "./rejoin.js";

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
  const offline = offlineState(); // the long offline merge's state (rejoin.js)

  // Typing becomes a suggestion for a writer in suggesting mode, and always for someone who may
  // suggest but not edit (ADR-014): they have no editing mode to switch to.
  const typingSuggests = () => !offline.stranded && (canEdit ? suggesting : canSuggest);
  const idleState = () => (canEdit || canSuggest ? "saved" : "readonly");

  const setStatus = (state, detail) => {
    if (offline.stranded && state !== "offline") { state = "refused"; detail = offline.stranded.detail; } // a refused merge stays said
    // Nothing is "saved" while a typed suggestion waits to be sent (suggesting.js).
    if (state === "saved" && view?.state.field(draftField, false)?.settled === false) state = "suggesting";
    else if (state === "saved" && typingSuggests()) state = "suggestingMode";
    status.dataset.state = state;
    status.textContent = detail ? `${labels[state] ?? state}: ${detail}` : (labels[state] ?? state);
  };

  // Typed suggestions: the draft and its sending (drafts.js).
  const drafts = createDrafts({ view: () => view, labels, dotnet, setStatus, settled, reportError });

  // What the editor's parts below share: its state, read and written through here. Each part,
  // once made, adds its functions to it for the parts made after it.
  const ctx = {
    connection, sectionId, labels, offline, history, pendingMarks, pendingPresence, editable, drafts,
    editableExtensions, makeState, setStatus, idleState, reportError,
    view: () => view,
    get destroyed() { return destroyed; },
    get canEdit() { return canEdit; },
    set canEdit(value) { canEdit = value; },
    set canSuggest(value) { canSuggest = value; },
    set clientIdPrefix(value) { clientIdPrefix = value; },
    get maxPushBytes() { return maxPushBytes; },
    get maxPullUpdates() { return maxPullUpdates; },
    get retryDelay() { return retryDelay; },
    set retryDelay(value) { retryDelay = value; },
    get buffered() { return buffered; },
    set buffered(value) { buffered = value; },
  };
  // Others' review marks and cursors as they arrive, and ours sent (remote.js).
  const remote = createRemote(ctx);
  Object.assign(ctx, remote);
  const { showMarks, schedulePresence, showPresence } = remote;
  // Pushing and receiving (sync.js).
  const sync = createSync(ctx);
  Object.assign(ctx, sync);
  const { receive, flushBuffered, schedulePush } = sync;
  // Rejoining after a reconnect, and the long offline merge (rejoin.js).
  const { resync } = createRejoin(ctx);

  // While a merge runs, what arrives is skipped: the merge ends by loading the section afresh.
  connection.on("Updates", (id, updates) => {
    if (id !== sectionId) return;
    if (!offline.merging && !offline.stranded) receive(updates);
    else if (offline.merging && view) offline.mergedOwn.push(...updates.filter((u) => u.clientId === getClientID(view.state))); // where ours landed
  });
  connection.on("Presence", (p) => { if (p.sectionId === sectionId && !offline.merging && !offline.stranded) showPresence(p); });
  connection.on("Review", (id, version, marks) => { if (id === sectionId && !offline.merging && !offline.stranded) showMarks(version, marks, false); });
  connection.on("PresenceLeft", (id, connectionId) => {
    if (id === sectionId && view && !offline.merging && !offline.stranded) view.dispatch({ effects: removeRemoteCursor.of(connectionId) });
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
    const writes = canEdit && !suggesting && !offline.merging && !offline.mergeSent && !offline.stranded;
    // Typing becomes suggestions (drafts.js) — never over a stranded branch the server does not have.
    const proposes = !writes && typingSuggests() && !offline.merging;
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
    get merges() { return offline.merges; },
    /** How many Pull calls were made, and what a hub "Updates" message would do with these (tests). */
    get pulls() { return sync.pulls(); },
    deliver: (updates) => receive(updates),
    /** Rejoins as a reconnect does (tests: a second rejoin while one runs); resolves when done. */
    rejoin: () => resync(),
    get connected() { return connection.state === HubConnectionState.Connected; },
    get lastMerge() { return offline.lastMerge; },
    /** A merge's push whose answer was lost, and a merge refused whole (the branch kept here), for tests. */
    get mergeInDoubt() { return !!offline.mergeSent; },
    get stranded() { return !!offline.stranded; },
    async destroy() {
      destroyed = true;
      sync.stopPushing();
      remote.stopPresence();
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
