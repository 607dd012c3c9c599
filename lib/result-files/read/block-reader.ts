import 'server-only';
import type { Database } from '../../db/database';
import type { ImportRecord } from '../store/import-records';
import type { RowIndex } from './row-index';
import { decodeBlock, OUTCOME_OF_CODE, type StoredBlock } from '../store/stored-block';
import type { ResultRow } from '../shared/types';

/** The rows with these numbers, in the order given, each read from its block. */
export async function readRows(db: Database, importId: number, index: RowIndex, rowNumbers: number[]): Promise<ResultRow[]> {
  if (rowNumbers.length === 0) return [];
  const starts = [...new Set(rowNumbers.map((n) => index.blockOf(n)))];
  const blocks = await db.selectFrom('result_row_blocks').select(['first_row', 'outcomes', 'encoding', 'cells']).where('import_id', '=', importId).where('first_row', 'in', starts).execute();
  const decoded = new Map(blocks.map((block) => [block.first_row, { block, rows: decodeBlock(block) }]));
  return rowNumbers.flatMap((rowNumber) => {
    const found = decoded.get(index.blockOf(rowNumber));
    const at = found ? rowNumber - found.block.first_row : -1;
    const cells = found?.rows[at];
    return found && cells ? [{ rowNumber, outcome: OUTCOME_OF_CODE[found.block.outcomes[at] ?? 1] ?? 'not_processed', cells }] : [];
  });
}

/**
 * The blocks of an import its record counts, in row order, streamed: the scans of search and of the
 * error filter. A block and the progress that counts it are committed together, so none is half in.
 */
export function streamBlocks(db: Database, record: ImportRecord): AsyncIterable<StoredBlock> {
  return db
    .selectFrom('result_row_blocks')
    .select(['first_row', 'outcomes', 'encoding', 'cells'])
    .where('import_id', '=', record.id)
    .where('first_row', '<=', record.rows_imported)
    .orderBy('first_row')
    .stream();
}

// Exports read this many blocks per query: the connection is never held while a download waits on its reader.
const BLOCKS_PER_READ = 16;

/** Every row of a finished import in file order, a block at a time, with its outcome code. */
export async function* allRows(db: Database, importId: number): AsyncGenerator<Array<{ rowNumber: number; code: number; cells: string[] }>> {
  for (let after = 0; ; ) {
    const blocks: StoredBlock[] = await db
      .selectFrom('result_row_blocks')
      .select(['first_row', 'outcomes', 'encoding', 'cells'])
      .where('import_id', '=', importId)
      .where('first_row', '>', after)
      .orderBy('first_row')
      .limit(BLOCKS_PER_READ)
      .execute();
    if (blocks.length === 0) return;
    for (const block of blocks) {
      yield decodeBlock(block).map((cells, i) => ({ rowNumber: block.first_row + i, code: block.outcomes[i] ?? 1, cells }));
      after = block.first_row;
    }
  }
}
