import 'server-only';
import type { ResultOutcome, ResultRow } from './types';

// How a row is kept in result_rows and result_search_blocks.

/** Stored outcome codes, numbered in the order `outcome-asc` lists them. */
export const OUTCOME_CODES: Record<ResultOutcome, number> = { failed: 0, not_processed: 1, succeeded: 2 };
export const OUTCOME_OF_CODE: readonly ResultOutcome[] = ['failed', 'not_processed', 'succeeded'];

// ASCII unit and record separators. Joining is several times faster than JSON at 500,000 rows. A row
// holding either separator itself is kept as JSON behind a record separator, which a joined row never
// contains, so nothing is lost.
const UNIT = '\u001f';
const RECORD = '\u001e';

/** The row as stored, and the lower-case text search matches against (no match can span two cells or rows). */
export function encodeRow(cells: string[]): { cells: string; searchText: string } {
  const joined = cells.join(UNIT);
  if (!joined.includes(RECORD) && !cells.some((cell) => cell.includes(UNIT))) return { cells: joined, searchText: joined.toLowerCase() };
  return { cells: RECORD + JSON.stringify(cells), searchText: joined.replaceAll(RECORD, ' ').toLowerCase() };
}

export function decodeCells(text: string): string[] {
  return text.startsWith(RECORD) ? (JSON.parse(text.slice(1)) as string[]) : text.split(UNIT);
}

export function joinSearchTexts(texts: string[]): string {
  return texts.join(RECORD);
}

/** The term as searchText holds it; separators are not something a user can mean. */
export function normalizeSearch(term: string): string {
  return term.trim().replace(/[\u001e\u001f]/g, ' ').toLowerCase();
}

export const SEARCH_RECORD_SEPARATOR = RECORD;

export interface StoredRow {
  row_number: number;
  outcome: number;
  cells: string;
}

export function toResultRow(row: StoredRow): ResultRow {
  return { rowNumber: row.row_number, outcome: OUTCOME_OF_CODE[row.outcome] ?? 'not_processed', cells: decodeCells(row.cells) };
}
