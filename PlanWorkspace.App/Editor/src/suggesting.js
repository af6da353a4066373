// Suggesting mode: typing, deleting and pasting become a suggestion, not an edit — a writer's in
// 제안 모드, and always an advisor's (who may suggest but not edit).
// The text stays read-only to CodeMirror (so nothing reaches the op log); this module takes the
// browser's input events itself and grows one local "draft" — a range of the text struck through
// plus the typed replacement — while the caret stays at its edge. The editor sends the draft as a
// suggestion after a pause, a caret move or a blur (editor.js `flushDraft`); typing on at the edge
// of one's own just-sent suggestion revises it instead of starting another.
import { StateEffect, StateField, findClusterBreak } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";

/** Replaces the draft: { from, to, text, revises } (revises: the id of one's own suggestion it rewrites, or 0), or null. */
export const setDraft = StateEffect.define();

// Remote edits move the draft like a suggestion's anchor: text typed at its edges stays outside.
export const draftField = StateField.define({
  create: () => null,
  update(draft, tr) {
    if (draft && !tr.changes.empty) {
      if (draft.from === draft.to) {
        const at = tr.changes.mapPos(draft.from, -1);
        draft = { ...draft, from: at, to: at };
      } else {
        const from = tr.changes.mapPos(draft.from, 1);
        draft = { ...draft, from, to: Math.max(from, tr.changes.mapPos(draft.to, -1)) };
      }
    }
    for (const effect of tr.effects) if (effect.is(setDraft)) draft = effect.value;
    return draft;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (draft) => {
      if (!draft) return Decoration.none;
      const ranges = [];
      if (draft.from < draft.to) ranges.push(Decoration.mark({ class: "pw-draft-del" }).range(draft.from, draft.to));
      if (draft.text) ranges.push(Decoration.widget({ widget: new DraftWidget(draft.text), side: -1 }).range(draft.to));
      return Decoration.set(ranges, true);
    }),
});

class DraftWidget extends WidgetType {
  constructor(text) {
    super();
    this.text = text;
  }

  eq(other) { return other.text === this.text; }

  toDOM() {
    const span = document.createElement("span");
    span.className = "pw-draft-ins";
    span.dataset.testid = "suggestion-draft";
    span.textContent = this.text;
    return span;
  }
}

export const draftTheme = EditorView.baseTheme({
  ".pw-draft-del": { textDecoration: "line-through", textDecorationThickness: "2px", backgroundColor: "#fdecea" },
  ".pw-draft-ins": { borderBottom: "2px dashed #0b3d91", backgroundColor: "#e8f0fe", color: "#0b3d91", fontWeight: "600" },
});

// The start of the character (grapheme) before / after `pos`; a line break counts as one.
function before(doc, pos) {
  const line = doc.lineAt(pos);
  return pos === line.from ? pos - 1 : line.from + findClusterBreak(line.text, pos - line.from, false);
}

function after(doc, pos) {
  const line = doc.lineAt(pos);
  return pos === line.to ? pos + 1 : line.from + findClusterBreak(line.text, pos - line.from, true);
}

/**
 * What one input does to the draft. kind: "insert" (with text), "back" or "forward" (deleting).
 * `draft` may be null; `own` is one's own open suggestion at the caret, as a draft to revise, or null.
 * Returns { draft, caret, flush } — flush: the old draft is finished and must be sent first — or
 * null when the input does nothing (deleting before the start of the text).
 */
export function applyInput(doc, selection, draft, own, kind, text) {
  const { from: selFrom, to: selTo, head } = selection;
  const base = draft ?? own;
  if (base && selFrom === selTo) {
    if (kind === "insert" && head === base.to) return { draft: { ...base, text: base.text + text }, caret: head, flush: false };
    if (kind === "back" && head === base.to && base.text.length > 0) {
      return { draft: { ...base, text: base.text.slice(0, findClusterBreak(base.text, base.text.length, false)) }, caret: head, flush: false };
    }
    if (kind === "back" && (head === base.from || (head === base.to && base.text.length === 0)) && base.from > 0) {
      const from = before(doc, base.from);
      return { draft: { ...base, from }, caret: from, flush: false };
    }
    if (kind === "forward" && head === base.to && base.to < doc.length) {
      const to = after(doc, base.to);
      return { draft: { ...base, to }, caret: to, flush: false };
    }
  }
  let from = selFrom;
  let to = selTo;
  if (from === to && kind === "back") {
    if (from === 0) return null;
    from = before(doc, from);
  } else if (from === to && kind === "forward") {
    if (to >= doc.length) return null;
    to = after(doc, to);
  }
  return {
    draft: { from, to, text: kind === "insert" ? text : "", revises: 0 },
    caret: kind === "back" ? from : to,
    flush: draft !== null,
  };
}

/** The kind of edit a beforeinput event asks for, or null for one to ignore (undo, drop, formatting). */
export function inputKind(event) {
  const type = event.inputType ?? "";
  if (type === "insertText" || type === "insertReplacementText") return { kind: "insert", text: event.data ?? event.dataTransfer?.getData("text/plain") ?? "" };
  if (type === "insertParagraph" || type === "insertLineBreak") return { kind: "insert", text: "\n" };
  if (type === "insertFromPaste") return { kind: "insert", text: event.dataTransfer?.getData("text/plain") ?? "" };
  if (type.startsWith("deleteContentBackward") || type.startsWith("deleteWordBackward") || type === "deleteByCut") return { kind: "back" };
  if (type.startsWith("deleteContentForward") || type.startsWith("deleteWordForward")) return { kind: "forward" };
  return null;
}
