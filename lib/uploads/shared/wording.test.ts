import { describe, expect, it } from 'vitest';
import { listOf, quoted, quoteList, rowList } from './wording';

describe('how upload messages list things', () => {
  it('joins names with commas and a last "and" (or another word)', () => {
    expect(quoteList(['Object Key'])).toBe('"Object Key"');
    expect(quoteList(['A', 'B'])).toBe('"A" and "B"');
    expect(quoteList(['A', 'B', 'C'], 'nor')).toBe('"A", "B" nor "C"');
    expect(listOf([])).toBe('');
  });

  it('cuts a long name short, so a one-line 5 MB header makes a short message', () => {
    const long = quoted('x'.repeat(5_000_000));
    expect(long.length).toBeLessThanOrEqual(62);
    expect(long.endsWith('…"')).toBe(true);
  });

  it('names the first rows and counts the rest', () => {
    expect(rowList([7], 1)).toBe('row 7');
    expect(rowList([3, 9], 2)).toBe('rows 3 and 9');
    expect(rowList([1, 2, 3, 4, 5], 42)).toBe('rows 1, 2, 3, 4, 5 and 37 more');
    expect(rowList([1200, 1300], 2, 'line')).toBe('lines 1,200 and 1,300');
  });
});
