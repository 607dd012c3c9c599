import 'server-only';
import type { Database } from '../db/database';
import { readableImport } from './status';
import { OUTCOME_CODES } from './stored-row';
import type { ErrorGroupList } from './types';

/**
 * Failures grouped by their exact error message, largest group first. Counted once when the import
 * completes (result_error_groups); while it runs, counted live over the rows so far.
 */
export async function listErrorGroups(db: Database, bulkKey: string, options: { limit?: number } = {}): Promise<ErrorGroupList> {
  const limit = options.limit ?? 100;
  const record = await readableImport(db, bulkKey);
  if (record.status === 'ready') {
    const groups = await db
      .selectFrom('result_error_groups')
      .select(['message', 'row_count', 'first_row'])
      .where('import_id', '=', record.id)
      .orderBy('row_count', 'desc')
      .orderBy('first_row')
      .limit(limit)
      .execute();
    const total = await db.selectFrom('result_error_groups').select((s) => s.fn.countAll<number>().as('n')).where('import_id', '=', record.id).executeTakeFirstOrThrow();
    return { groups: groups.map((g) => ({ message: g.message, count: Number(g.row_count), firstRowNumber: g.first_row })), totalGroups: Number(total.n), isPartial: false };
  }
  const failed = db.selectFrom('result_rows').where('import_id', '=', record.id).where('outcome', '=', OUTCOME_CODES.failed);
  const groups = await failed
    .select((s) => [s.fn.coalesce('error_message', s.val('')).as('message'), s.fn.countAll<number>().as('count'), s.fn.min('row_number').as('first_row')])
    .groupBy((s) => s.fn.coalesce('error_message', s.val('')))
    .orderBy('count', 'desc')
    .orderBy('first_row')
    .execute();
  return {
    groups: groups.slice(0, limit).map((g) => ({ message: g.message, count: Number(g.count), firstRowNumber: g.first_row })),
    totalGroups: groups.length,
    isPartial: true,
  };
}
