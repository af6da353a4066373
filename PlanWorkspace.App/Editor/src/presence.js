// Other people's cursors and selections, drawn in the editor with their name and colour and
// mapped through every change so they stay on the same text.
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";

/** { id, name, color, anchor, head } */
export const setRemoteCursor = StateEffect.define();
/** id */
export const removeRemoteCursor = StateEffect.define();

class CaretWidget extends WidgetType {
  constructor(name, color) {
    super();
    this.name = name;
    this.color = color;
  }

  eq(other) {
    return other.name === this.name && other.color === this.color;
  }

  toDOM() {
    const caret = document.createElement("span");
    caret.className = "pw-remote-caret";
    caret.style.borderLeftColor = this.color;
    const label = document.createElement("span");
    label.className = "pw-remote-label";
    label.textContent = this.name;
    label.style.backgroundColor = this.color;
    caret.append(label);
    return caret;
  }

  ignoreEvent() {
    return true;
  }
}

const clamp = (pos, doc) => Math.max(0, Math.min(pos, doc.length));

export const remoteCursors = StateField.define({
  create: () => new Map(),
  update(cursors, tr) {
    let next = cursors;
    if (!tr.changes.empty) {
      next = new Map();
      for (const [id, c] of cursors) {
        next.set(id, { ...c, anchor: tr.changes.mapPos(c.anchor, 1), head: tr.changes.mapPos(c.head, 1) });
      }
    }
    for (const effect of tr.effects) {
      if (effect.is(setRemoteCursor)) {
        if (next === cursors) next = new Map(cursors);
        const c = effect.value;
        next.set(c.id, { ...c, anchor: clamp(c.anchor, tr.newDoc), head: clamp(c.head, tr.newDoc) });
      } else if (effect.is(removeRemoteCursor)) {
        if (next === cursors) next = new Map(cursors);
        next.delete(effect.value);
      }
    }
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (cursors) => {
      const ranges = [];
      for (const c of cursors.values()) {
        const from = Math.min(c.anchor, c.head);
        const to = Math.max(c.anchor, c.head);
        if (from < to) {
          ranges.push(Decoration.mark({ class: "pw-remote-selection", attributes: { style: `background-color: ${c.color}33` } }).range(from, to));
        }
        ranges.push(Decoration.widget({ widget: new CaretWidget(c.name, c.color), side: 1 }).range(c.head));
      }
      return Decoration.set(ranges, true);
    }),
});
