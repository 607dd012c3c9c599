import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlockSink } from './block-store';
import { classifyColumns, outcomeLayout } from './columns';
import { readCsvRecords } from './csv-records';
import { asResultFileError, ResultFileError } from './errors';
import type { ResultFileLimits } from './limits';
import { RowWriter } from './row-writer';
import { SingleCsvUnzip } from './single-csv-unzip';
import { Utf8Check } from './utf8-check';

export interface CsvImport {
  /** Where the blocks go: the database here, or the store thread. */
  sink: BlockSink;
  importId: number;
  owner: string;
  actionType: string | null;
  limits: ResultFileLimits;
  /** The zip as it arrives. */
  zipChunks: AsyncIterable<Uint8Array>;
  bytesDownloaded: () => number;
  now: () => string;
}

export interface CsvImportResult {
  failure: ResultFileError | null;
  rowsImported: number;
  counts: { succeeded: number; failed: number; not_processed: number };
}

/**
 * Unzip → UTF-8 check → CSV records → rows in the database, streamed so memory stays bounded whatever
 * the file's size. Runs in the import worker (import-worker.ts), or in the server's thread when the
 * database cannot be opened twice. Never throws: a failure is part of the result.
 */
export async function importCsv(run: CsvImport): Promise<CsvImportResult> {
  const { importId, owner } = run;
  const blocks = run.sink;
  const unzip = new SingleCsvUnzip(run.limits.maxUncompressedBytes);
  const utf8 = new Utf8Check();
  let writer: RowWriter | null = null;
  let consumerError: unknown = null;
  const store = async (records: string[][]) => {
    try {
      let at = 0;
      if (writer === null) {
        const columns = classifyColumns(records[at++] ?? [], run.actionType);
        writer = new RowWriter(blocks, importId, owner, outcomeLayout(columns), () => utf8.mayHoldSeparators);
        const header = { columns: JSON.stringify(columns), csv_name: unzip.csvName, has_bom: utf8.hasBom ? 1 : 0, line_ending: utf8.lineEnding ?? '\n' };
        await blocks.writeHeader({ import_id: importId, owner, ...header });
      }
      for (; at < records.length; at++) {
        writer.add(records[at] ?? []);
        if (writer.isBlockFull) await writer.flush({ bytesDownloaded: run.bytesDownloaded(), at: run.now() });
      }
    } catch (error) {
      consumerError = error;
      throw error;
    }
  };
  let failure: ResultFileError | null = null;
  try {
    const parsed = readCsvRecords(utf8, store).catch((error: unknown) => {
      consumerError ??= error;
      throw error;
    });
    // The consumer's own error is kept: the streams may report its abort first.
    await Promise.all([pipeline(Readable.from(run.zipChunks), unzip, utf8), parsed]);
    const finished = writer as RowWriter | null;
    if (finished === null) throw new ResultFileError('empty_csv', `The CSV in the result zip ("${unzip.csvName}") is empty: it has no header row.`);
    await finished.finish({ bytesDownloaded: run.bytesDownloaded(), at: run.now() });
  } catch (error) {
    failure = asResultFileError(consumerError ?? error);
  }
  const done = writer as RowWriter | null;
  return { failure, rowsImported: done?.rowsWritten ?? 0, counts: done?.counts ?? { succeeded: 0, failed: 0, not_processed: 0 } };
}
