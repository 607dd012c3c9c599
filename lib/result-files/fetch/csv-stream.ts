import 'server-only';
import { Readable, pipeline } from 'node:stream';
import { SingleCsvUnzip } from './single-csv-unzip';
import { Utf8Check } from './utf8-check';

/** What the parser needs to know of the CSV besides its bytes; complete before its first row is parsed. */
export interface CsvFileInfo {
  csvName: string | null;
  hasBom: boolean;
  lineEnding: '\r\n' | '\n';
  /** Whether any cell may hold a character a joined block cannot carry: a separator, or NUL (stored-block.ts). */
  mayHoldUnjoinable: boolean;
}

export interface CsvStream {
  /** The CSV's bytes: UTF-8 checked, without the BOM, cut between characters and never inside a CRLF. */
  chunks: AsyncIterable<Uint8Array>;
  /** As known from the bytes so far. */
  info(): CsvFileInfo;
}

/**
 * The zip as it arrives → its one CSV (single-csv-unzip.ts) → UTF-8 checked (utf8-check.ts). Runs in the
 * server's thread, where zlib inflates on its thread pool, leaving the import worker the parsing alone.
 * A failure of either step ends `chunks` with its error.
 */
export function csvStream(zipChunks: AsyncIterable<Uint8Array>, maxCsvBytes: number): CsvStream {
  const unzip = new SingleCsvUnzip(maxCsvBytes);
  const utf8 = new Utf8Check();
  // The callback form hands the error to the last stream, whose reader sees it; nothing else awaits it.
  const output = pipeline(Readable.from(zipChunks), unzip, utf8, () => undefined);
  return {
    chunks: output,
    info: () => ({ csvName: unzip.csvName, hasBom: utf8.hasBom, lineEnding: utf8.lineEnding ?? '\n', mayHoldUnjoinable: utf8.mayHoldUnjoinable }),
  };
}
