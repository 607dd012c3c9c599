import 'server-only';
import type { Database } from '../../db/database';
import { streamBlocks } from './block-reader';
import { outcomeLayout } from '../store/columns';
import type { ImportRecord } from '../store/import-records';
import { QueryMemo } from './memo';
import { findMatches, MatchList, type SearchMatches } from './search';
import { messageTemplate } from '../shared/message-template';
import { columnsOf } from './status';
import { detached } from '../store/failure-groups';
import { cellsOfOutcome, normalizeSearch, OUTCOME_CODES } from '../store/stored-block';

export interface RowFilter {
  search: string;
  /** The template of an error message (shared/message-template.ts): the rows of one error group. */
  template: string;
}

/** The rows a view's search and error group keep, ascending; null when it has neither (every row). */
export async function filterRows(db: Database, record: ImportRecord, filter: RowFilter): Promise<SearchMatches | null> {
  const term = normalizeSearch(filter.search);
  const bySearch = term === '' ? null : await findMatches(db, record, term);
  const byGroup = filter.template === '' ? null : await findFailuresLike(db, record, filter.template);
  return bySearch && byGroup ? intersect(bySearch, byGroup) : (bySearch ?? byGroup);
}

// Each failed row's template, in row order, found by one scan of the failed rows' messages (~0.16 s for
// 500,000 rows with 71,000 failures) and kept for the files viewed last: then the rows of any error
// group are found in memory (~1 ms), so going from one group to the next stays quick. The same test
// as the groups' (error-groups.ts), on the same cells, so a group shows exactly the rows it counts; it
// works on a file still importing too, which has no groups yet. Keyed by rows_imported, as the row
// index; at most 2,000,000 failed rows in all (~16 MB, and one copy of each template).
interface FailureTemplates {
  rows: Int32Array;
  templates: string[];
}

const memo = new QueryMemo<FailureTemplates>(2_000_000, (value) => value.rows.length + 1);

async function templatesOfFailures(db: Database, record: ImportRecord): Promise<FailureTemplates> {
  const key = `${record.id}:${record.rows_imported}`;
  const cached = memo.get(db, key);
  if (cached) return cached;
  const { errorIndex } = outcomeLayout(columnsOf(record) ?? []);
  const rows: number[] = [];
  const templates: string[] = [];
  // One copy of each template, never a slice of a block (failure-groups.ts says why).
  const interned = new Map<string, string>();
  for await (const block of streamBlocks(db, record)) {
    cellsOfOutcome(block, OUTCOME_CODES.failed, errorIndex, (cell, rowNumber) => {
      const template = messageTemplate(cell);
      let kept = interned.get(template);
      if (kept === undefined) interned.set(template, (kept = detached(template)));
      rows.push(rowNumber);
      templates.push(kept);
    });
  }
  const value = { rows: Int32Array.from(rows), templates };
  memo.set(db, key, value);
  return value;
}

async function findFailuresLike(db: Database, record: ImportRecord, template: string): Promise<SearchMatches> {
  const { rows, templates } = await templatesOfFailures(db, record);
  const found = new MatchList();
  for (let i = 0; i < rows.length; i++) if (templates[i] === template) found.add(rows[i] ?? 0, OUTCOME_CODES.failed);
  return found.toMatches();
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
