import 'server-only';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/database';
import type { DatabaseSchema, ResultImportsTable } from '../../db/schema';
import { ResultFileError } from '../errors';
import type { ResultFileFailure } from '../shared/types';
import { shownText } from './stored-text';

// The result_imports row of each import: who runs it, how far it got, how it ended.

export type ImportRecord = Selectable<ResultImportsTable>;
type Db = Kysely<DatabaseSchema>;

export async function findCurrentImport(db: Db, bulkKey: string): Promise<ImportRecord | undefined> {
  return db.selectFrom('result_imports').selectAll().where('bulk_key', '=', bulkKey).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Starts a new import of `bulkKey`, first removing the given earlier ones (failed, or left 'importing'
 * by a process that died). Answers null when another process claimed the file first: the unique
 * index on live imports lets only one through.
 */
export async function claimImport(db: Database, claim: { bulkKey: string; actionType: string | null; owner: string; at: string; replacing: ImportRecord[] }): Promise<number | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      const stale = claim.replacing.map((record) => record.id);
      if (stale.length > 0) {
        // The record first: on PostgreSQL its row lock waits for a block the dead owner's store is
        // committing, so the delete of its blocks that follows sees that block too (none is left behind).
        await trx.deleteFrom('result_imports').where('id', 'in', stale).execute();
        await deleteImportData(trx, stale);
      }
      const inserted = await trx
        .insertInto('result_imports')
        .values({ bulk_key: claim.bulkKey, status: 'importing', owner: claim.owner, action_type: claim.actionType, started_at: claim.at, heartbeat_at: claim.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    });
  } catch (error) {
    if (/unique|duplicate/i.test(error instanceof Error ? error.message : '')) return null;
    throw error;
  }
}

export async function deleteImportData(db: Db, importIds: number[], options: { keepRaw?: boolean } = {}): Promise<void> {
  if (importIds.length === 0) return;
  await db.deleteFrom('result_row_blocks').where('import_id', 'in', importIds).execute();
  await db.deleteFrom('result_error_groups').where('import_id', 'in', importIds).execute();
  if (!options.keepRaw) await db.deleteFrom('result_raw_chunks').where('import_id', 'in', importIds).execute();
}

type Progress = Partial<Pick<ImportRecord, 'download_size' | 'bytes_downloaded' | 'rows_imported' | 'succeeded_count' | 'failed_count' | 'not_processed_count' | 'heartbeat_at'>>;

/** Records progress; throws when the import is no longer this owner's (declared dead and replaced). */
export async function recordProgress(db: Db, importId: number, owner: string, progress: Progress): Promise<void> {
  const result = await db.updateTable('result_imports').set(progress).where('id', '=', importId).where('owner', '=', owner).where('status', '=', 'importing').executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw interrupted();
}

export function interrupted(): ResultFileError {
  return new ResultFileError('interrupted', 'This import was taken over by another console process after it stopped reporting progress.', { retryable: true });
}

/** The import is complete (its error groups counted by csv-import.ts): it becomes what every view reads. */
export async function markReady(db: Database, importId: number, owner: string, finish: Progress & { finished_at: string; raw_size: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await recordProgress(trx, importId, owner, finish);
    await trx.updateTable('result_imports').set({ status: 'ready' }).where('id', '=', importId).execute();
  });
}

/** Keeps the failure for the page to show; the rows go, the raw zip stays when it arrived whole. */
export async function markFailed(db: Database, importId: number, owner: string, failure: ResultFileFailure, end: { finished_at: string; raw_size: number | null; bytes_downloaded: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('result_imports')
      .set({ status: 'failed', error_code: failure.code, error_message: shownText(failure.message), error_retryable: failure.retryable ? 1 : 0, ...end })
      .where('id', '=', importId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) await deleteImportData(trx, [importId], { keepRaw: end.raw_size !== null });
  });
}
