// Suggestions and comment threads drawn in the editor: a suggestion strikes through the text it
// would replace and shows the proposed text in its author's colour; an open thread highlights its
// passage. Marks map through every change like the server's anchors do (a range keeps exactly its
// characters; text typed at its edges stays outside), so they never drift.
import { MapMode, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";

/** { marks: [{ id, kind, state, from, to, replacement, author, color }], replace: bool } */
export const setMarks = StateEffect.define();
/** id or null */
export const setActiveMark = StateEffect.define();

/** Maps one mark through a change set; null when its text (or, for a point, its place) was deleted. */
export function mapMark(mark, changes) {
  if (mark.from === mark.to) {
    const at = changes.mapPos(mark.from, -1, MapMode.TrackDel);
    return at === null ? null : { ...mark, from: at, to: at };
  }
  const from = changes.mapPos(mark.from, 1);
  const to = changes.mapPos(mark.to, -1);
  return to <= from ? null : { ...mark, from, to };
}

class ProposedWidget extends WidgetType {
  constructor(mark, active) {
    super();
    this.mark = mark;
    this.active = active;
  }

  eq(other) {
    return other.mark.id === this.mark.id && other.mark.replacement === this.mark.replacement
      && other.mark.state === this.mark.state && other.active === this.active;
  }

  toDOM() {
    const span = document.createElement("span");
    span.className = `pw-sugg-ins pw-sugg-${this.mark.state}${this.active ? " pw-mark-active" : ""}`;
    span.dataset.markId = this.mark.id;
    span.style.color = this.mark.color;
    span.style.borderBottomColor = this.mark.color;
    span.textContent = this.mark.replacement;
    span.title = this.mark.author;
    return span;
  }

  ignoreEvent() {
    return false;
  }
}

export const reviewMarks = StateField.define({
  create: () => ({ marks: new Map(), active: null }),
  update(value, tr) {
    let { marks, active } = value;
    if (!tr.changes.empty) {
      const next = new Map();
      for (const [id, m] of marks) {
        const moved = mapMark(m, tr.changes);
        if (moved) next.set(id, moved);
      }
      marks = next;
    }
    for (const effect of tr.effects) {
      if (effect.is(setMarks)) {
        if (effect.value.replace || marks === value.marks) marks = effect.value.replace ? new Map() : new Map(marks);
        for (const m of effect.value.marks) {
          if (m.state === "gone") marks.delete(m.id);
          else marks.set(m.id, { ...m, from: Math.min(m.from, tr.newDoc.length), to: Math.min(m.to, tr.newDoc.length) });
        }
      } else if (effect.is(setActiveMark)) {
        active = effect.value;
      }
    }
    return marks === value.marks && active === value.active ? value : { marks, active };
  },
  provide: (field) =>
    EditorView.decorations.from(field, ({ marks, active }) => {
      const ranges = [];
      for (const m of marks.values()) {
        const isActive = m.id === active;
        const attributes = { "data-mark-id": m.id, title: m.author };
        if (m.kind === "suggestion") {
          if (m.from < m.to) {
            ranges.push(Decoration.mark({
              class: `pw-sugg-del pw-sugg-${m.state}${isActive ? " pw-mark-active" : ""}`,
              attributes: { ...attributes, style: `text-decoration-color: ${m.color}` },
            }).range(m.from, m.to));
          }
          if (m.replacement) {
            ranges.push(Decoration.widget({ widget: new ProposedWidget(m, isActive), side: 1 }).range(m.to));
          }
        } else if (m.state === "open" && m.from < m.to) {
          ranges.push(Decoration.mark({ class: `pw-thread${isActive ? " pw-mark-active" : ""}`, attributes }).range(m.from, m.to));
        }
      }
      return Decoration.set(ranges, true);
    }),
});

export const reviewTheme = EditorView.baseTheme({
  ".pw-sugg-del": { textDecoration: "line-through", textDecorationThickness: "2px", backgroundColor: "#fdecea", cursor: "pointer" },
  ".pw-sugg-outdated": { backgroundColor: "#fff4e5", outline: "1px dashed #e65100" },
  ".pw-sugg-ins": { borderBottom: "2px solid", backgroundColor: "#e8f5e9", padding: "0 1px", cursor: "pointer", fontWeight: "600" },
  ".pw-thread": { backgroundColor: "#fff59d", borderBottom: "2px solid #fbc02d", cursor: "pointer" },
  ".pw-mark-active": { boxShadow: "0 0 0 2px #0b3d91", borderRadius: "2px" },
});
