import 'server-only';
import type { Database } from '../../db/database';
import { findCurrentImport } from '../store/import-records';
import { OUTCOME_OF_CODE } from '../store/stored-block';
import type { ResultOutcome } from '../shared/types';

/**
 * Each row's outcome in a mass action's imported result file, by row number (index 0 is row 1); null
 * while the file is not imported whole. Only the outcome bytes are read, never the cells: a
 * 500,000-row file is ~0.5 MB of them (the double-upload guard and the chain summary read these).
 */
export async function readRowOutcomes(db: Database, bulkKey: string): Promise<ResultOutcome[] | null> {
  const record = await findCurrentImport(db, bulkKey);
  if (!record || record.status !== 'ready') return null;
  const blocks = await db.selectFrom('result_row_blocks').select(['first_row', 'outcomes']).where('import_id', '=', record.id).orderBy('first_row').execute();
  const outcomes: ResultOutcome[] = new Array(record.rows_imported);
  for (const block of blocks) block.outcomes.forEach((code, i) => (outcomes[block.first_row - 1 + i] = OUTCOME_OF_CODE[code]!));
  return outcomes;
}
