import 'server-only';
import type { ResultOutcome } from '../shared/types';

// How rows are kept in result_row_blocks: consecutive rows, one database row per block.

/** Stored outcome codes, numbered in the order `outcome-asc` lists them. */
export const OUTCOME_CODES: Record<ResultOutcome, number> = { failed: 0, not_processed: 1, succeeded: 2 };
export const OUTCOME_OF_CODE: readonly ResultOutcome[] = ['failed', 'not_processed', 'succeeded'];

// ASCII unit and record separators: cells joined by one, rows by the other. Joining is several times
// faster than JSON at 500,000 rows. A file whose cells hold either separator themselves, or NUL (which
// PostgreSQL's text cannot hold; JSON writes it as \u0000), has its blocks kept as JSON instead
// (Utf8Check notices), so nothing is lost on either database.
const UNIT = '\u001f';
const RECORD = '\u001e';
export const ENCODING = { joined: 0, json: 1 } as const;

/** A row on its way into a block: joined already, or kept as cells when the file may hold what joining cannot carry. */
export type PendingRow = string | string[];

export function pendingRow(cells: string[], mayHoldUnjoinable: boolean): PendingRow {
  return mayHoldUnjoinable ? cells : cells.join(UNIT);
}

export function encodeBlock(rows: PendingRow[]): { encoding: number; cells: string } {
  if (rows.every((row) => typeof row === 'string')) return { encoding: ENCODING.joined, cells: rows.join(RECORD) };
  // Rows joined before a separator (or NUL) was first seen hold none, so splitting them back is exact.
  return { encoding: ENCODING.json, cells: JSON.stringify(rows.map((row) => (typeof row === 'string' ? row.split(UNIT) : row))) };
}

export interface StoredBlock {
  first_row: number;
  outcomes: Uint8Array;
  encoding: number;
  cells: string;
}

export function decodeBlock(block: Pick<StoredBlock, 'encoding' | 'cells'>): string[][] {
  if (block.encoding === ENCODING.json) return JSON.parse(block.cells) as string[][];
  return block.cells.split(RECORD).map((row) => row.split(UNIT));
}

/** For each row of outcome `code`: the cell at `column` (or '' when there is none) and the row's number. */
export function cellsOfOutcome(block: StoredBlock, code: number, column: number | null, each: (cell: string, rowNumber: number) => void): void {
  if (block.encoding === ENCODING.json) {
    decodeBlock(block).forEach((cells, i) => {
      if (block.outcomes[i] === code) each(column === null ? '' : (cells[column] ?? ''), block.first_row + i);
    });
    return;
  }
  // Only the rows wanted are split: most rows are walked past at one indexOf each.
  const text = block.cells;
  let start = 0;
  for (let i = 0; i < block.outcomes.length; i++) {
    const next = text.indexOf(RECORD, start);
    const end = next < 0 ? text.length : next;
    if (block.outcomes[i] === code) each(column === null ? '' : cellBetween(text, start, end, column), block.first_row + i);
    start = end + 1;
  }
}

function cellBetween(text: string, rowStart: number, rowEnd: number, column: number): string {
  let start = rowStart;
  for (let c = 0; c < column && start <= rowEnd; c++) start = text.indexOf(UNIT, start) + 1 || rowEnd + 1;
  if (start > rowEnd) return '';
  const next = text.indexOf(UNIT, start);
  return text.slice(start, next < 0 || next > rowEnd ? rowEnd : next);
}

/**
 * The block's rows as search reads them: lower case, cells apart, rows apart (SEARCH_ROW_SEPARATOR),
 * so no match spans two cells or two rows.
 */
export function searchTextOf(block: Pick<StoredBlock, 'encoding' | 'cells'>): string {
  if (block.encoding === ENCODING.joined) return block.cells.toLowerCase();
  return decodeBlock(block)
    .map((cells) => cells.map((cell) => cell.replace(/[\u001e\u001f]/g, ' ')).join(UNIT))
    .join(RECORD)
    .toLowerCase();
}

export const SEARCH_ROW_SEPARATOR = RECORD;

/** The term as the search text holds it; separators are not something a user can mean. */
export function normalizeSearch(term: string): string {
  return term.trim().replace(/[\u001e\u001f]/g, ' ').toLowerCase();
}
