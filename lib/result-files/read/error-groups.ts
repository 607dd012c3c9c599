import 'server-only';
import type { Database } from '../../db/database';
import { completeImport } from './status';
import type { ErrorGroupList } from '../shared/types';

/** Failures grouped by their exact error message, largest group first, as the import ranked them (row-writer.ts). */
export async function listErrorGroups(db: Database, bulkKey: string, options: { limit?: number } = {}): Promise<ErrorGroupList> {
  const limit = options.limit ?? 100;
  const record = await completeImport(db, bulkKey);
  const groups = await db.selectFrom('result_error_groups').select(['message', 'row_count', 'first_row']).where('import_id', '=', record.id).orderBy('rank').limit(limit).execute();
  const total = await db.selectFrom('result_error_groups').select((s) => s.fn.countAll<number>().as('n')).where('import_id', '=', record.id).executeTakeFirstOrThrow();
  return { groups: groups.map((g) => ({ message: g.message, count: Number(g.row_count), firstRowNumber: g.first_row })), totalGroups: Number(total.n) };
}
