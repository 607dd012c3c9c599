import 'server-only';
import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import type { CsvImportResult } from '../parse/csv-import';
import { ResultDownload } from '../fetch/download';
import { asResultFileError, type ResultFileError } from '../errors';
import { recordProgress } from '../store/import-records';
import { importCsvInBackground } from '../parse/background-import';
import type { ResultFileLimits } from '../fetch/limits';
import { RawZipWriter } from '../store/raw-zip-store';

export interface ImportRun {
  db: Database;
  importId: number;
  owner: string;
  actionType: string | null;
  response: Response;
  limits: ResultFileLimits;
  now: () => string;
  logger?: Logger;
  keepThreadsWarm?: boolean;
}

export interface ImportOutcome extends CsvImportResult {
  bytesDownloaded: number;
  /** Bytes of the zip kept for the raw download; null when it could not be kept whole. */
  rawSize: number | null;
}

/**
 * Download (kept raw as it arrives) → csv-import.ts, in a worker thread where it can. Streamed end
 * to end so memory stays bounded whatever the file's size. Never throws: a failure is part of the outcome.
 */
export async function runImportPipeline(run: ImportRun): Promise<ImportOutcome> {
  const { db, importId, owner } = run;
  const raw = new RawZipWriter(db, importId);
  let download: ResultDownload | null = null;
  let result: CsvImportResult = { failure: null, rowsImported: 0, counts: { succeeded: 0, failed: 0, not_processed: 0 } };
  try {
    download = new ResultDownload(run.response, run.limits.maxDownloadBytes, (chunk) => raw.add(chunk));
    await recordProgress(db, importId, owner, { download_size: download.declaredSize });
    const source = download;
    result = await importCsvInBackground({ db, importId, owner, actionType: run.actionType, limits: run.limits, zipChunks: source.chunks(), bytesDownloaded: () => source.bytes, now: run.now, keepThreadsWarm: run.keepThreadsWarm }, run.logger);
  } catch (error) {
    result = { ...result, failure: asResultFileError(error) };
  }
  const rawSize = await keepRawZip(download, raw, result.failure);
  return { ...result, bytesDownloaded: download?.bytes ?? 0, rawSize };
}

/** A file that cannot be read is still kept whole, so the page can offer it as Zuora gave it. */
async function keepRawZip(download: ResultDownload | null, raw: RawZipWriter, failure: ResultFileError | null): Promise<number | null> {
  const isDownloadBroken = !download || (failure !== null && ['download_failed', 'download_too_large', 'interrupted', 'foreign_host'].includes(failure.code));
  if (isDownloadBroken) {
    await download?.cancel();
    return null;
  }
  try {
    if (failure) await download.drain();
    await raw.flush();
    return raw.size;
  } catch {
    await download.cancel();
    return null;
  }
}
