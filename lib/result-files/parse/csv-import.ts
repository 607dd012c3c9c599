import 'server-only';
import { Readable } from 'node:stream';
import type { BlockSink } from '../store/block-sink';
import { classifyColumns, outcomeLayout } from '../store/columns';
import type { CsvFileInfo } from '../fetch/csv-stream';
import { readCsvRecords } from './csv-records';
import { asResultFileError, ResultFileError } from '../errors';
import { RowWriter } from './row-writer';
import { shownText } from '../store/stored-text';

export interface CsvImport {
  /** Where the blocks go: the database here, or the store thread. */
  sink: BlockSink;
  importId: number;
  owner: string;
  actionType: string | null;
  /** The CSV's bytes as csv-stream.ts passes them, and what it knows of the file. */
  csvChunks: AsyncIterable<Uint8Array>;
  fileInfo: () => CsvFileInfo;
  bytesDownloaded: () => number;
  now: () => string;
}

export interface CsvImportResult {
  failure: ResultFileError | null;
  rowsImported: number;
  counts: { succeeded: number; failed: number; not_processed: number };
}

/**
 * CSV bytes → records → rows in blocks → the sink, streamed so memory stays bounded whatever the file's
 * size. Runs in the import worker (import-worker.ts), or in the server's thread when the database
 * cannot be opened twice. Never throws: a failure is part of the result.
 */
export async function importCsv(run: CsvImport): Promise<CsvImportResult> {
  const { importId, owner, sink } = run;
  let writer: RowWriter | null = null;
  let consumerError: unknown = null;
  const store = async (records: string[][]) => {
    try {
      let at = 0;
      if (writer === null) {
        const columns = classifyColumns(records[at++] ?? [], run.actionType);
        writer = new RowWriter(sink, importId, owner, outcomeLayout(columns), () => run.fileInfo().mayHoldUnjoinable);
        const { csvName, hasBom, lineEnding } = run.fileInfo();
        await sink.writeHeader({ import_id: importId, owner, columns: JSON.stringify(columns), csv_name: csvName && shownText(csvName), has_bom: hasBom ? 1 : 0, line_ending: lineEnding });
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
    // The consumer's own error is kept: the stream may report its abort first.
    await readCsvRecords(Readable.from(run.csvChunks, { objectMode: false }), store);
    const finished = writer as RowWriter | null;
    if (finished === null) throw new ResultFileError('empty_csv', `The CSV in the result zip ("${run.fileInfo().csvName}") is empty: it has no header row.`);
    await finished.finish({ bytesDownloaded: run.bytesDownloaded(), at: run.now() });
  } catch (error) {
    failure = asResultFileError(consumerError ?? error);
  }
  const done = writer as RowWriter | null;
  return { failure, rowsImported: done?.rowsWritten ?? 0, counts: done?.counts ?? { succeeded: 0, failed: 0, not_processed: 0 } };
}
