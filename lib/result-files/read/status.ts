import 'server-only';
import type { Database } from '../../db/database';
import { ResultFileError } from '../errors';
import { findCurrentImport, type ImportRecord } from '../store/import-records';
import type { OutcomeCounts, ResultColumn, ResultFileErrorCode, ResultFileStatus } from '../shared/types';

export async function getResultFileStatus(db: Database, bulkKey: string): Promise<ResultFileStatus> {
  const record = await findCurrentImport(db, bulkKey);
  return record ? toStatus(record) : { state: 'not_imported' };
}

export function toStatus(record: ImportRecord): ResultFileStatus {
  const progress = { startedAt: record.started_at, bytesDownloaded: record.bytes_downloaded, downloadSize: record.download_size, rowsImported: record.rows_imported };
  if (record.status === 'failed') {
    return {
      state: 'failed', ...progress, finishedAt: record.finished_at, hasRawFile: record.raw_size !== null,
      failure: { code: (record.error_code ?? 'internal') as ResultFileErrorCode, message: record.error_message ?? 'The import failed.', retryable: record.error_retryable === 1 },
    };
  }
  const columns = columnsOf(record);
  if (record.status === 'ready' && columns) return { state: 'ready', ...progress, finishedAt: record.finished_at ?? record.started_at, columns, counts: countsOf(record) };
  return { state: 'importing', ...progress, columns, counts: countsOf(record) };
}

export function countsOf(record: ImportRecord): OutcomeCounts {
  const { succeeded_count: succeeded, failed_count: failed, not_processed_count: notProcessed } = record;
  return { succeeded, failed, notProcessed, all: succeeded + failed + notProcessed };
}

export function columnsOf(record: ImportRecord): ResultColumn[] | null {
  return record.columns ? (JSON.parse(record.columns) as ResultColumn[]) : null;
}

/** The import the queries read: the finished one, or the one in progress (a partial view). */
export async function readableImport(db: Database, bulkKey: string): Promise<ImportRecord & { columns: string }> {
  const record = await findCurrentImport(db, bulkKey);
  if (record && record.status !== 'failed' && record.columns !== null) return { ...record, columns: record.columns };
  const message = !record
    ? 'The result file has not been imported yet.'
    : record.status === 'failed'
      ? `The result file could not be imported: ${record.error_message ?? 'unknown error'}`
      : 'The result file is being downloaded; its rows are not there yet.';
  throw new ResultFileError('not_ready', message);
}

/** Exports and error groups need the whole file. */
export async function completeImport(db: Database, bulkKey: string): Promise<ImportRecord & { columns: string }> {
  const record = await readableImport(db, bulkKey);
  if (record.status !== 'ready') throw new ResultFileError('not_ready', `The result file is still being imported (${record.rows_imported} rows so far); exports and error groups are available once it is complete.`);
  return record;
}
