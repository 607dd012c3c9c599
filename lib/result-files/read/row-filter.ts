import 'server-only';
import type { Database } from '../../db/database';
import { streamBlocks } from './block-reader';
import { outcomeLayout } from '../store/columns';
import type { ImportRecord } from '../store/import-records';
import { QueryMemo } from './memo';
import { findMatches, MatchList, type SearchMatches } from './search';
import { columnsOf } from './status';
import { cellsOfOutcome, normalizeSearch, OUTCOME_CODES } from '../store/stored-block';

export interface RowFilter {
  search: string;
  /** Exactly this error message: the rows of one error group. */
  error: string;
}

/** The rows a view's search and error filter keep, ascending; null when it has neither (every row). */
export async function filterRows(db: Database, record: ImportRecord, filter: RowFilter): Promise<SearchMatches | null> {
  const term = normalizeSearch(filter.search);
  const bySearch = term === '' ? null : await findMatches(db, record, term);
  const byError = filter.error === '' ? null : await findFailuresWith(db, record, filter.error);
  return bySearch && byError ? intersect(bySearch, byError) : (bySearch ?? byError);
}

// One error group's rows, found by a scan of the failed rows' messages (~0.1 s for 500,000 rows), then
// kept for paging through them. rows_imported is in the key, as for search.
const memo = new QueryMemo<SearchMatches>(8);

async function findFailuresWith(db: Database, record: ImportRecord, message: string): Promise<SearchMatches> {
  const key = `${record.id}:${record.rows_imported}:${message}`;
  const cached = memo.get(db, key);
  if (cached) return cached;
  const { errorIndex } = outcomeLayout(columnsOf(record) ?? []);
  const found = new MatchList();
  for await (const block of streamBlocks(db, record)) {
    cellsOfOutcome(block, OUTCOME_CODES.failed, errorIndex, (cell, rowNumber) => {
      if (cell === message) found.add(rowNumber, OUTCOME_CODES.failed);
    });
  }
  const matches = found.toMatches();
  memo.set(db, key, matches);
  return matches;
}

/** The rows in both, ascending. */
function intersect(a: SearchMatches, b: SearchMatches): SearchMatches {
  const both = new MatchList();
  for (let i = 0, j = 0; i < a.rows.length && j < b.rows.length; ) {
    const [x, y] = [a.rows[i] ?? 0, b.rows[j] ?? 0];
    if (x === y) both.add(x, a.codes[i] ?? 0);
    if (x <= y) i += 1;
    if (y <= x) j += 1;
  }
  return both.toMatches();
}
