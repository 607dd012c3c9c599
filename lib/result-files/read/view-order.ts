import 'server-only';
import { OUTCOME_CODES } from '../store/stored-block';
import type { OutcomeFilter, RowSort } from '../shared/types';

// A view without search is one to three runs ("segments") of rows:
// all rows by row number, or the rows of one outcome by their rank among them (row-index.ts). So any page,
// and the page of any row, is found in O(log n), with no OFFSET walking past earlier rows.

export interface Segment {
  /** Null: every row, by row number. */
  outcome: number | null;
  size: number;
  isDescending: boolean;
}

/** Ranks `first`…`last` (1-based, inclusive) of a segment, listed in display order. */
export interface SegmentSlice {
  segment: Segment;
  first: number;
  last: number;
}

export type CountsByCode = readonly [failed: number, notProcessed: number, succeeded: number];

export function viewSegments(filter: OutcomeFilter, sort: RowSort, counts: CountsByCode): Segment[] {
  const isDescending = sort === 'row-desc';
  if (filter !== 'all') {
    const code = OUTCOME_CODES[filter];
    return [{ outcome: code, size: counts[code] ?? 0, isDescending }];
  }
  if (sort === 'row-asc' || sort === 'row-desc') return [{ outcome: null, size: counts[0] + counts[1] + counts[2], isDescending }];
  const codes = sort === 'outcome-asc' ? [0, 1, 2] : [2, 1, 0];
  return codes.map((code) => ({ outcome: code, size: counts[code] ?? 0, isDescending: false }));
}

export function viewSize(segments: Segment[]): number {
  return segments.reduce((sum, segment) => sum + segment.size, 0);
}

/** The slices holding view positions [offset, offset + limit). */
export function sliceView(segments: Segment[], offset: number, limit: number): SegmentSlice[] {
  const slices: SegmentSlice[] = [];
  let start = 0;
  for (const segment of segments) {
    const from = Math.max(offset, start) - start;
    const to = Math.min(offset + limit, start + segment.size) - start;
    if (from < to) {
      slices.push(segment.isDescending ? { segment, first: segment.size - from, last: segment.size - to + 1 } : { segment, first: from + 1, last: to });
    }
    start += segment.size;
  }
  return slices;
}

/** The 0-based view position of a row of outcome `code`, rank `rank`; null when the view leaves it out. */
export function positionInView(segments: Segment[], row: { rowNumber: number; code: number; rank: number }): number | null {
  let start = 0;
  for (const segment of segments) {
    const index = segment.outcome === null ? row.rowNumber : segment.outcome === row.code ? row.rank : null;
    if (index !== null) return index > segment.size ? null : start + (segment.isDescending ? segment.size - index : index - 1);
    start += segment.size;
  }
  return null;
}
