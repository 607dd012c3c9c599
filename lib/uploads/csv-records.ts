import 'server-only';
import { CsvError, parse } from 'csv-parse/sync';
import { UTF8_BOM } from './text-check';

// An upload's CSV record by record, with where each starts in the bytes: the split (split.ts) cuts
// the file between records byte for byte, and messages give line numbers. Records are handed over one
// at a time and not kept, so a 4 MB zip's half a million rows never sit in memory at once. RFC 4180 as
// Zuora's files are documented: comma, double quotes (doubled inside a quoted cell), line breaks inside quotes.

export interface CsvShape {
  /** Where record i starts (after the BOM for the header), then where the last one ends: one more than the records. */
  bounds: number[];
  hasBom: boolean;
  /** The first line ending found; null for a file of one line without one. */
  lineEnding: '\r\n' | '\n' | null;
  /** A malformed quote, where reading stopped: the records before it were handed over. */
  quoteError: QuoteError | null;
}

export interface QuoteError {
  kind: 'unclosed' | 'stray';
  /** Byte offset of the record in which it was found. */
  recordStart: number;
  /** Index of the record it was found in (the header is 0). */
  record: number;
  /** Index of the field it was found in. */
  field: number;
}

/** `onRecord` gets the header (index 0), then each row, cells as parsed; `bounds` holds its end by then. */
export function readCsvRecords(bytes: Uint8Array, onRecord: (record: string[], index: number, bounds: readonly number[]) => void): CsvShape {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const bounds = [hasBom ? UTF8_BOM.length : 0];
  let quoteError: QuoteError | null = null;
  try {
    parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // Both, whichever comes first: csv-parse otherwise settles on the first one it sees and would
      // read a later lone LF as part of a cell.
      record_delimiter: ['\r\n', '\n'],
      on_record: (record: string[], context) => {
        bounds.push(context.bytes);
        onRecord(record, bounds.length - 2, bounds);
        return null; // not collected by csv-parse either
      },
    });
  } catch (error) {
    quoteError = asQuoteError(error, bounds);
    if (quoteError === null) throw error;
  }
  return { bounds, hasBom, lineEnding: firstLineEnding(bytes), quoteError };
}

/** A record holding nothing at all: an empty line (a quoted empty cell, `""`, is not one). */
export function isBlankLine(record: readonly string[], byteLength: number): boolean {
  return record.length === 1 && record[0] === '' && byteLength <= 2;
}

function asQuoteError(error: unknown, bounds: readonly number[]): QuoteError | null {
  if (!(error instanceof CsvError)) return null;
  const at = { recordStart: bounds.at(-1) ?? 0, record: bounds.length - 1, field: typeof error.column === 'number' ? error.column : 0 };
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return { kind: 'unclosed', ...at };
  if (error.code === 'INVALID_OPENING_QUOTE' || error.code === 'CSV_INVALID_CLOSING_QUOTE') return { kind: 'stray', ...at };
  return null;
}

function firstLineEnding(bytes: Uint8Array): '\r\n' | '\n' | null {
  const at = bytes.indexOf(0x0a);
  if (at < 0) return null;
  return at > 0 && bytes[at - 1] === 0x0d ? '\r\n' : '\n';
}
