import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { Database } from '../db/database';
import { classifyColumns, outcomeLayout } from './columns';
import { ResultDownload } from './download';
import { asResultFileError, ResultFileError } from './errors';
import { recordHeader, recordProgress } from './import-records';
import type { ResultFileLimits } from './limits';
import { RawZipWriter } from './raw-zip-store';
import { RowWriter } from './row-writer';
import { SingleCsvUnzip } from './single-csv-unzip';
import { Utf8Check } from './utf8-check';

// A field this long is no Zuora cell but an unclosed quote swallowing the file: stop before it fills memory.
const MAX_FIELD_CHARS = 1024 * 1024;

export interface ImportRun {
  db: Database;
  importId: number;
  owner: string;
  actionType: string | null;
  response: Response;
  limits: ResultFileLimits;
  now: () => string;
}

export interface ImportOutcome {
  failure: ResultFileError | null;
  rowsImported: number;
  counts: { succeeded: number; failed: number; not_processed: number };
  bytesDownloaded: number;
  /** Bytes of the zip kept for the raw download; null when it could not be kept whole. */
  rawSize: number | null;
}

/**
 * Download → unzip → UTF-8 check → csv-parse → rows in the database, streamed end to end so memory
 * stays bounded whatever the file's size. Never throws: a failure is part of the outcome.
 */
export async function runImportPipeline(run: ImportRun): Promise<ImportOutcome> {
  const { db, importId, owner } = run;
  const raw = new RawZipWriter(db, importId);
  let download: ResultDownload | null = null;
  let writer: RowWriter | null = null;
  let failure: ResultFileError | null = null;
  let consumerError: unknown = null;
  try {
    download = new ResultDownload(run.response, run.limits.maxDownloadBytes, (chunk) => raw.add(chunk));
    await recordProgress(db, importId, owner, { download_size: download.declaredSize });
    const source = download;
    const unzip = new SingleCsvUnzip(run.limits.maxUncompressedBytes);
    const utf8 = new Utf8Check();
    const parser = parse({ relax_column_count: true, max_record_size: MAX_FIELD_CHARS });
    // The consumer's own error is kept: pipeline may report the upstream streams' abort first.
    await pipeline(Readable.from(source.chunks()), unzip, utf8, parser, async (records: AsyncIterable<string[]>) => {
      try {
        for await (const record of records) {
          if (writer === null) {
            const columns = classifyColumns(record, run.actionType);
            writer = new RowWriter(db, importId, owner, outcomeLayout(columns));
            await recordHeader(db, importId, owner, { columns, csvName: unzip.csvName, hasBom: utf8.hasBom, lineEnding: utf8.lineEnding ?? '\n' });
            continue;
          }
          writer.add(record);
          if (writer.isBatchFull) await writer.flush({ bytesDownloaded: source.bytes, at: run.now() });
        }
        if (writer === null) throw new ResultFileError('empty_csv', `The CSV in the result zip ("${unzip.csvName}") is empty: it has no header row.`);
        await writer.flush({ bytesDownloaded: source.bytes, at: run.now() });
      } catch (error) {
        consumerError = error;
        throw error;
      }
    });
  } catch (error) {
    const cause = consumerError ?? error;
    failure = cause instanceof CsvError ? new ResultFileError('invalid_csv', `The CSV in the result zip is malformed: ${cause.message}`) : asResultFileError(cause);
  }
  const rawSize = await keepRawZip(download, raw, failure);
  const counts = (writer as RowWriter | null)?.counts ?? { succeeded: 0, failed: 0, not_processed: 0 };
  return { failure, rowsImported: (writer as RowWriter | null)?.rowsWritten ?? 0, counts, bytesDownloaded: download?.bytes ?? 0, rawSize };
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
