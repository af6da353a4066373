// Helpers of the editor's fast merge of a long offline branch (ADR-020): compose the unconfirmed
// updates into one change set, and carry the caret from the local text to the server's.

/** Composes change sets pairwise (a balanced tree): n·log n, where a left fold is n². */
export function composeAll(sets) {
  let level = sets;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i].compose(level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/**
 * Where `pos` (in the text after `changes`) stands relative to the text `changes` inserted:
 * { k, d } — k inserted characters lie before the point it follows, d characters after it.
 * Rebasing keeps every insertion of a change set, in order, so the same k finds the same point
 * in the rebased set (see `placeAnchor`): the caret stays beside the user's own words.
 */
export function insertionAnchor(changes, pos) {
  let k = 0;
  let d = pos;
  let cum = 0;
  let done = false;
  changes.iterChanges((_fromA, _toA, fromB, toB) => {
    if (done || fromB > pos) { done = true; return; }
    const length = toB - fromB;
    if (length === 0) return; // a deletion: nothing inserted to stand beside
    if (pos <= toB) { k = cum + (pos - fromB); d = 0; done = true; return; }
    cum += length;
    k = cum;
    d = pos - toB;
  });
  return { k, d };
}

/** The position in the text after `changes` (the rebased set) of an anchor from `insertionAnchor`. */
export function placeAnchor(changes, { k, d }) {
  let point = 0;
  if (k > 0) {
    let cum = 0;
    let found = false;
    changes.iterChanges((_fromA, _toA, fromB, toB) => {
      const length = toB - fromB;
      if (found || length === 0) return;
      if (cum + length >= k) { point = fromB + (k - cum); found = true; return; }
      cum += length;
      point = toB;
    });
  }
  return Math.min(changes.newLength, point + d);
}
