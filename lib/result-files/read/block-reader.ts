import 'server-only';
import type { Database } from '../../db/database';
import { isPostgres } from '../../db/dialect';
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
 * The blocks of an import its record counts, in row order: the scans of search and of the error
 * filter. A block and the progress that counts it are committed together, so none is half in.
 * SQLite streams them off one statement; Kysely streams from PostgreSQL only through pg-cursor, so
 * there they come a few at a time, each read starting after the last block of the one before.
 */
export function streamBlocks(db: Database, record: ImportRecord): AsyncIterable<StoredBlock> {
  if (isPostgres(db)) return blocksAfter(db, record.id, record.rows_imported);
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
  for await (const block of blocksAfter(db, importId)) yield decodeBlock(block).map((cells, i) => ({ rowNumber: block.first_row + i, code: block.outcomes[i] ?? 1, cells }));
}

/** The import's blocks in row order (only those starting at or before `lastFirstRow`, when given), BLOCKS_PER_READ per query. */
async function* blocksAfter(db: Database, importId: number, lastFirstRow?: number): AsyncGenerator<StoredBlock> {
  for (let after = 0; ; ) {
    let query = db.selectFrom('result_row_blocks').select(['first_row', 'outcomes', 'encoding', 'cells']).where('import_id', '=', importId).where('first_row', '>', after);
    if (lastFirstRow !== undefined) query = query.where('first_row', '<=', lastFirstRow);
    const blocks: StoredBlock[] = await query.orderBy('first_row').limit(BLOCKS_PER_READ).execute();
    if (blocks.length === 0) return;
    for (const block of blocks) {
      yield block;
      after = block.first_row;
    }
  }
}
