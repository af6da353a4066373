// Suggesting mode's input and sending (ADR-014): each input grows the local draft (suggesting.js),
// which is sent as a suggestion — or revises one's own — after a pause, a caret move or a blur,
// through the Blazor circuit (SectionEditor.SuggestTyped). Moved out of editor.js, which hands it
// a small context: the view, the labels, the circuit, the status line and "wait until settled".
import { getSyncedVersion } from "@codemirror/collab";
import { reviewMarks, setMarks } from "./review.js";
import { applyInput, draftField, setDraft } from "./suggesting.js";

const maxSuggestionLength = 20000; // ReviewText.MaxReplacement; the server checks it too

/**
 * ctx: { view() → the EditorView, labels, dotnet (SuggestTyped), setStatus(state, detail),
 *        settled() → whether every local edit is confirmed, reportError(error) }.
 * Returns { suggestInput(kind, text), flushDraft(finished?), revisedMarkId(), hidden, dispose() }.
 */
export function createDrafts(ctx) {
  const { labels, dotnet, setStatus, settled, reportError } = ctx;
  let draftTimer = 0;
  let sendingDraft = false;
  let inFlight = null; // the draft being sent
  let draftGroups = 0;
  const hidden = new Map(); // marks of suggestions being revised, by mark id
  const mine = new Set(); // ids of suggestions this editor sent, which typing at their edge revises

  // One input in suggesting mode: grow the draft (or revise one's own suggestion at the caret), or
  // finish the draft and start another when the input is elsewhere. Sent after a pause.
  function suggestInput(kind, text) {
    const view = ctx.view();
    if (kind === "insert" && !text) return;
    const state = view.state;
    const draft = state.field(draftField);
    const own = draft ? null : ownSuggestionAt(state.selection.main.head);
    const result = applyInput(state.doc, state.selection.main, draft, own, kind, text);
    if (!result) return;
    if (result.draft.text.length > maxSuggestionLength) { setStatus("refused", labels.suggestionTooLong ?? ""); return; }
    // A draft that continues (the same group) revises what its earlier part became; one elsewhere starts anew.
    result.draft.group = result.flush || !draft ? ++draftGroups : draft.group;
    result.draft.seq = ++draftGroups; // changes with every input (remote edits only move it)
    result.draft.settled = false;
    if (result.flush && draft !== inFlight) flushDraft(draft);
    if (own && result.draft.revises) {
      const id = `s${own.revises}`;
      hidden.set(id, view.state.field(reviewMarks).marks.get(id));
      view.dispatch({ effects: setMarks.of({ marks: [{ id, state: "gone" }], replace: false }) });
    }
    view.dispatch({ effects: setDraft.of(result.draft), selection: { anchor: result.caret }, userEvent: "suggest", scrollIntoView: true });
    setStatus("suggesting");
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => flushDraft(), 1200);
  }

  // One's own open suggestion whose edge is at `pos`, as a draft that revises it.
  function ownSuggestionAt(pos) {
    const view = ctx.view();
    for (const mark of view.state.field(reviewMarks).marks.values()) {
      const id = Number(mark.id.slice(1));
      if (mark.kind === "suggestion" && mark.state === "open" && mine.has(id) && (pos === mark.from || pos === mark.to)) {
        return { from: mark.from, to: mark.to, text: mark.replacement ?? "", revises: id };
      }
    }
    return null;
  }

  function revisedMarkId() {
    const draft = ctx.view()?.state.field(draftField);
    return draft?.revises ? `s${draft.revises}` : null;
  }

  // Sends the draft (or `finished`, one the next input replaced) as a suggestion. Input typed while
  // it is on its way keeps growing the draft, which then revises the suggestion just made.
  async function flushDraft(finished) {
    const view = ctx.view();
    clearTimeout(draftTimer);
    const draft = finished ?? view.state.field(draftField);
    if (!draft) return;
    if (draft.settled) { if (!finished) view.dispatch({ effects: setDraft.of(null) }); return; } // already stored
    if (!finished && sendingDraft) { draftTimer = setTimeout(() => flushDraft(), 300); return; }
    if (draft.from === draft.to && !draft.text) { view.dispatch({ effects: setDraft.of(null) }); return; }
    if (!finished) sendingDraft = true;
    setStatus("saving");
    try {
      const sent = finished ? draft : view.state.field(draftField);
      if (!finished) inFlight = sent;
      const at = await settledSelection(sent);
      const result = at ? await dotnet.invokeMethodAsync("SuggestTyped", { ...at, replacement: sent.text, revises: sent.revises || 0 }) : { error: labels.refused };
      const current = view.state.field(draftField);
      if (result?.id) {
        mine.add(result.id);
        // Stored. Until its mark arrives over the hub the draft stands in for it (typing on revises it).
        if (current?.seq === sent.seq) {
          const arrived = view.state.field(reviewMarks).marks.has(`s${result.id}`) && !hidden.has(`s${result.id}`);
          view.dispatch({ effects: setDraft.of(arrived ? null : { ...current, revises: result.id, settled: true }) });
        }
        else if (current && current.group === sent.group) view.dispatch({ effects: setDraft.of({ ...current, revises: result.id }) });
      } else if (current?.seq === sent.seq) {
        view.dispatch({ effects: setDraft.of(null) }); // refused for good: say why; the text is unchanged
      }
      // A mark hidden while its revision was typed is drawn again as the server last announced it.
      const shown = [...hidden.entries()].filter(([id]) => id !== revisedMarkId());
      for (const [id] of shown) hidden.delete(id);
      if (shown.length > 0) view.dispatch({ effects: setMarks.of({ marks: shown.map(([, m]) => m).filter(Boolean), replace: false }) });
      if (result?.error) setStatus("refused", result.error);
      else setStatus("saved");
    } catch (error) {
      // The circuit is down: keep the draft and try again shortly.
      reportError(error);
      draftTimer = setTimeout(() => flushDraft(), 2000);
    } finally {
      if (!finished) { sendingDraft = false; inFlight = null; }
    }
  }

  // The draft's range in the server's positions, once every local edit is confirmed.
  async function settledSelection(draft) {
    const view = ctx.view();
    if (!(await settled())) return null;
    const live = view.state.field(draftField);
    const mapped = live?.seq === draft.seq ? live : draft; // moved by what arrived meanwhile
    return { version: getSyncedVersion(view.state), from: mapped.from, to: mapped.to, text: view.state.sliceDoc(mapped.from, mapped.to) };
  }

  return { suggestInput, flushDraft, revisedMarkId, hidden, dispose: () => clearTimeout(draftTimer) };
}
