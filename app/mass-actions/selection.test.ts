import { describe, expect, it } from 'vitest';
import { clickAll, clickBox, EMPTY_SELECTION, keepOnly } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ticked = (s: { keys: ReadonlySet<string> }) => [...s.keys].sort();

describe('the list selection', () => {
  it('a click toggles one box', () => {
    const once = clickBox(EMPTY_SELECTION, order, 1, false);
    expect(ticked(once)).toEqual(['b']);
    expect(ticked(clickBox(once, order, 1, false))).toEqual([]);
  });

  it('a shift-click ticks the range from the last click, in either direction', () => {
    const first = clickBox(EMPTY_SELECTION, order, 1, false);
    expect(ticked(clickBox(first, order, 3, true))).toEqual(['b', 'c', 'd']);
    const fromEnd = clickBox(EMPTY_SELECTION, order, 4, false);
    expect(ticked(clickBox(fromEnd, order, 2, true))).toEqual(['c', 'd', 'e']);
  });

  it('a shift-click on a ticked box clears the range, and without an anchor it is a plain click', () => {
    let s = clickAll(EMPTY_SELECTION, order);
    s = clickBox(s, order, 0, false); // clears a, anchor 0
    s = clickBox(s, order, 3, true); // d is ticked: the range a..d is cleared
    expect(ticked(s)).toEqual(['e']);
    expect(ticked(clickBox(EMPTY_SELECTION, order, 2, true))).toEqual(['c']);
  });

  it('the header box ticks all, then clears all', () => {
    const all = clickAll(clickBox(EMPTY_SELECTION, order, 0, false), order);
    expect(ticked(all)).toEqual(order);
    expect(ticked(clickAll(all, order))).toEqual([]);
    expect(ticked(clickAll(EMPTY_SELECTION, []))).toEqual([]);
  });

  it('a shift-click ranges from the box clicked last, even after the rows above it moved', () => {
    const first = clickBox(EMPTY_SELECTION, order, 2, false); // c
    // A refresh: a new row on top, and b turned Stopping (no longer selectable).
    const refreshed = ['n', 'a', 'c', 'd', 'e'];
    expect(ticked(clickBox(keepOnly(first, refreshed), refreshed, 4, true))).toEqual(['c', 'd', 'e']);
    // The anchor gone from the page: a plain click.
    expect(ticked(clickBox(first, ['a', 'd', 'e'], 2, true))).toEqual(['c', 'e']);
  });

  it('keeps only what is still on the page after a refresh', () => {
    const s = clickAll(EMPTY_SELECTION, order);
    expect(ticked(keepOnly(s, ['b', 'e', 'z']))).toEqual(['b', 'e']);
    expect(keepOnly(s, order)).toBe(s);
  });
});
