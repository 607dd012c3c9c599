// The list's selection for a bulk stop: keys ticked on this page, a shift-click ticking or clearing
// the range from the last one clicked, as in a mail client. Pure, so the range rules are tested alone.

export interface Selection {
  keys: ReadonlySet<string>;
  /** The box clicked last: the anchor of a shift-click range. A key, not a place: rows move as the list refreshes. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { keys: new Set(), anchor: null };

/**
 * A click on the box of `order[index]`: toggles it; with shift held, sets every box from the anchor to
 * it to the state the clicked box takes.
 */
export function clickBox(selection: Selection, order: readonly string[], index: number, withShift: boolean): Selection {
  const key = order[index];
  if (key === undefined) return selection;
  const keys = new Set(selection.keys);
  const willBeTicked = !keys.has(key);
  const anchorAt = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const from = withShift && anchorAt >= 0 ? anchorAt : index;
  for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
    if (willBeTicked) keys.add(order[i]!);
    else keys.delete(order[i]!);
  }
  return { keys, anchor: key };
}

/** The header box: ticks all of `order` unless all are ticked already, then clears them. */
export function clickAll(selection: Selection, order: readonly string[]): Selection {
  const isAll = order.length > 0 && order.every((key) => selection.keys.has(key));
  return { keys: isAll ? new Set() : new Set(order), anchor: null };
}

/** Only what is still on the page and stoppable stays selected when the list refreshes. */
export function keepOnly(selection: Selection, order: readonly string[]): Selection {
  const kept = [...selection.keys].filter((key) => order.includes(key));
  return kept.length === selection.keys.size ? selection : { keys: new Set(kept), anchor: selection.anchor };
}
