import 'server-only';
import type { Database } from '../../db/database';
import type { ImportRecord } from '../store/import-records';
import { QueryMemo } from './memo';

/**
 * Where each row of an import is and what its outcome is: the outcome codes of every row (one byte
 * each, ~0.5 MB for 500,000 rows) and the first row of every block. Views are computed from it in
 * memory; only the rows a page shows are read from their blocks.
 */
export class RowIndex {
  private readonly byOutcome: Array<Int32Array | undefined> = [];

  constructor(
    /** First row number of each block, ascending. */
    readonly blockStarts: Int32Array,
    /** codes[rowNumber - 1]: the row's outcome code (stored-block.ts). */
    readonly codes: Uint8Array,
  ) {}

  get rowCount(): number {
    return this.codes.length;
  }

  /** The row numbers of one outcome, ascending. */
  rowsOf(code: number): Int32Array {
    const cached = this.byOutcome[code];
    if (cached) return cached;
    let count = 0;
    for (const c of this.codes) if (c === code) count += 1;
    const rows = new Int32Array(count);
    for (let i = 0, at = 0; i < this.codes.length; i++) if (this.codes[i] === code) rows[at++] = i + 1;
    this.byOutcome[code] = rows;
    return rows;
  }

  /** The row's outcome and its 1-based rank among the rows of that outcome; null past the end. */
  rankOf(rowNumber: number): { code: number; rank: number } | null {
    const code = this.codes[rowNumber - 1];
    if (code === undefined || rowNumber < 1) return null;
    return { code, rank: lowerBound(this.rowsOf(code), rowNumber) + 1 };
  }

  /** The first row of the block holding the row. */
  blockOf(rowNumber: number): number {
    // Row numbers are integers: the last block starting at or before the row is the one before the first starting after it.
    return this.blockStarts[lowerBound(this.blockStarts, rowNumber + 1) - 1] ?? 1;
  }
}

// The indexes of the files viewed last; a finished import's never changes, a running one's is keyed
// by its row count so each new block gives a new index.
const indexes = new QueryMemo<RowIndex>(16);

export async function loadRowIndex(db: Database, record: ImportRecord): Promise<RowIndex> {
  const key = `${record.id}:${record.rows_imported}`;
  const cached = indexes.get(db, key);
  if (cached) return cached;
  // Only blocks the record counts: one committed after it was read is left for the next view.
  const blocks = await db
    .selectFrom('result_row_blocks')
    .select(['first_row', 'row_count', 'outcomes'])
    .where('import_id', '=', record.id)
    .where('first_row', '<=', record.rows_imported)
    .orderBy('first_row')
    .execute();
  const codes = new Uint8Array(record.rows_imported);
  const starts = new Int32Array(blocks.length);
  blocks.forEach((block, i) => {
    starts[i] = block.first_row;
    codes.set(block.outcomes.subarray(0, Math.max(0, Math.min(block.row_count, record.rows_imported - block.first_row + 1))), block.first_row - 1);
  });
  const index = new RowIndex(starts, codes);
  indexes.set(db, key, index);
  return index;
}

/** The first index whose value is >= value. */
function lowerBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
