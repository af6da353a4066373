// Who wrote what, in the live editor: each span of text tinted in its author's colour (the
// colours of the cursors), from the op log's authorship at a version, mapped through every change
// since like the review marks. Text typed after that version stays untinted until the next refresh.
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";

/** { spans: [{ from, to, color, name }] } or null to switch off */
export const setAuthorship = StateEffect.define();

export const authorship = StateField.define({
  create: () => null,
  update(spans, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setAuthorship)) return effect.value;
    }
    if (!spans || tr.changes.empty) return spans;
    const mapped = [];
    for (const s of spans) {
      const from = tr.changes.mapPos(s.from, 1);
      const to = tr.changes.mapPos(s.to, -1);
      if (to > from) mapped.push({ ...s, from, to });
    }
    return mapped;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (spans) => {
      if (!spans) return Decoration.none;
      return Decoration.set(spans.map((s) => Decoration.mark({
        class: "pw-author",
        attributes: { style: `background-color: ${s.color}2e; border-bottom: 2px solid ${s.color}`, title: s.name, "data-author": s.name },
      }).range(s.from, s.to)), true);
    }),
});
