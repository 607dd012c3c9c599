import 'server-only';
import type { Database } from '../db/database';
import { readableImport } from './status';
import type { ErrorGroupList } from './types';

/**
 * Failures grouped by their exact error message, largest group first. Counted as each block is
 * stored (row-writer.ts), so a file still importing has the groups of its rows so far.
 */
export async function listErrorGroups(db: Database, bulkKey: string, options: { limit?: number } = {}): Promise<ErrorGroupList> {
  const limit = options.limit ?? 100;
  const record = await readableImport(db, bulkKey);
  // One transaction, so the groups and their number come from the same blocks.
  return db.transaction().execute(async (trx) => {
    const groups = await trx
      .selectFrom('result_error_groups')
      .select(['message', 'row_count', 'first_row'])
      .where('import_id', '=', record.id)
      .orderBy('row_count', 'desc')
      .orderBy('first_row')
      .limit(limit)
      .execute();
    const total = await trx.selectFrom('result_error_groups').select((s) => s.fn.countAll<number>().as('n')).where('import_id', '=', record.id).executeTakeFirstOrThrow();
    return { groups: groups.map((g) => ({ message: g.message, count: Number(g.row_count), firstRowNumber: g.first_row })), totalGroups: Number(total.n), isPartial: record.status !== 'ready' };
  });
}
