import 'server-only';
import type { Database } from '../../db/database';
import type { ImportRecord } from '../store/import-records';
import { searchBlocks } from './search-blocks';
import { QueryMemo } from './memo';
import { OUTCOME_CODES, SEARCH_ROW_SEPARATOR } from '../store/stored-block';
import type { OutcomeFilter, RowSort } from '../shared/types';

// Search scans the lower-case text of the import's blocks (1,000 rows each, see row-writer.ts) with
// String.indexOf. Measured on 500,000 rows: a scan of a per-row lower-case column in SQL took ~250 ms;
// SQLite's FTS5 trigram index took 14 s to build and up to 0.9 s for common terms (this data repeats
// the same trigrams in every row); this scan takes ~150 ms when the blocks come from SQLite, 5–40 ms
// once their text is in memory (search-blocks.ts).
// PostgreSQL: the same blocks work unchanged; a pg_trgm GIN index on their text could prefilter them.

export interface SearchMatches {
  /** Matching row numbers, ascending, and each one's outcome code. */
  rows: Int32Array;
  codes: Uint8Array;
}

// Paging, filtering and sorting one search reuse its matches: a few MB at most per entry.
const memo = new QueryMemo<SearchMatches>(8);

export async function findMatches(db: Database, record: ImportRecord, term: string): Promise<SearchMatches> {
  // rows_imported is in the key: a file still importing gets fresh matches as rows arrive.
  const key = `${record.id}:${record.rows_imported}:${term}`;
  const cached = memo.get(db, key);
  if (cached) return cached;
  const found = new MatchList();
  for await (const block of searchBlocks(db, record)) scanBlock(block.text, block.firstRow, block.outcomes, term, found);
  const matches = found.toMatches();
  memo.set(db, key, matches);
  return matches;
}

/** Adds each row of the block whose text holds `term`, once, however often it appears in the row. */
function scanBlock(text: string, firstRow: number, outcomes: Uint8Array, term: string, found: MatchList): void {
  let position = text.indexOf(term);
  let row = 0;
  let rowEnd = text.indexOf(SEARCH_ROW_SEPARATOR);
  while (position >= 0) {
    while (rowEnd >= 0 && rowEnd < position) {
      rowEnd = text.indexOf(SEARCH_ROW_SEPARATOR, rowEnd + 1);
      row += 1;
    }
    found.add(firstRow + row, outcomes[row] ?? 1);
    if (rowEnd < 0) return;
    position = text.indexOf(term, rowEnd + 1);
  }
}

export class MatchList {
  private rows = new Int32Array(1024);
  private codes = new Uint8Array(1024);
  private length = 0;

  add(rowNumber: number, code: number): void {
    if (this.length === this.rows.length) {
      const rows = new Int32Array(this.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const codes = new Uint8Array(this.length * 2);
      codes.set(this.codes);
      this.codes = codes;
    }
    this.rows[this.length] = rowNumber;
    this.codes[this.length] = code;
    this.length += 1;
  }

  toMatches(): SearchMatches {
    return { rows: this.rows.slice(0, this.length), codes: this.codes.slice(0, this.length) };
  }
}

/** The matching row numbers in display order, for the filter and sort of the view. */
export function orderMatches(matches: SearchMatches, filter: OutcomeFilter, sort: RowSort): Int32Array {
  const { rows, codes } = matches;
  if (sort === 'outcome-asc' || sort === 'outcome-desc') {
    const order = filter !== 'all' ? [OUTCOME_CODES[filter]] : sort === 'outcome-asc' ? [0, 1, 2] : [2, 1, 0];
    const parts = order.map((code) => rows.filter((_, i) => codes[i] === code));
    const all = new Int32Array(parts.reduce((n, part) => n + part.length, 0));
    parts.reduce((at, part) => (all.set(part, at), at + part.length), 0);
    return all;
  }
  const kept = filter === 'all' ? rows : rows.filter((_, i) => codes[i] === OUTCOME_CODES[filter]);
  return sort === 'row-desc' ? kept.slice().reverse() : kept;
}

export function countMatches(matches: SearchMatches): [failed: number, notProcessed: number, succeeded: number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const code of matches.codes) counts[code as 0 | 1 | 2] += 1;
  return counts;
}
