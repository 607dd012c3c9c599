import 'server-only';
import { createHash } from 'node:crypto';
import type { ActionType } from './shared/action-types';
import { PREVIEW_ROWS, type Problem, type UploadFormat, type UploadPreview, type Warning } from './shared/check-types';
import { checkHeader, trackRequiredCells, type HeaderCheck, type RequiredCellsTracker } from './shared/column-check';
import { describeOverLimit, MAX_UPLOAD_BYTES } from './shared/upload-size';
import { quoted } from './shared/wording';
import { isBlankLine, readCsvRecords } from './csv-records';
import { fingerprintColumns, fingerprintFile, fingerprintRow, parseRowKey, ROW_KEY_COLUMN, type FingerprintColumn, type RowFingerprint } from './fingerprints';
import { quoteProblem, RowChecks } from './row-checks';
import { checkLineEndings, checkUtf8, sniffFormat } from './text-check';
import { MAX_UNZIPPED_CSV_BYTES, readUploadZip } from './zip-entry';

// Everything wrong with an upload file at once, so an operator fixes it in one round: each check runs
// unless an earlier finding makes it meaningless (rows cannot be counted in a file that is not text).

export interface UploadFileInput {
  name: string;
  bytes: Uint8Array;
  actionType: ActionType;
}

/** An accepted file, with what the upload, the split, the upload guard and the chain summary need; its rows are not kept. */
export interface CheckedUpload {
  name: string;
  actionType: ActionType;
  format: UploadFormat;
  /** The uploaded bytes: what is sent to Zuora, and what md5 and sha256 are of. */
  bytes: Uint8Array;
  md5: string;
  sha256: string;
  csvName: string | null;
  /** The CSV's bytes (the uploaded bytes themselves unless zipped), BOM and line endings as written. */
  csv: Uint8Array;
  hasBom: boolean;
  lineEnding: '\r\n' | '\n';
  header: string[];
  rowCount: number;
  /** Where each record starts in `csv`, the header's first, then where the last one ends (readCsvRecords): splitCsv's `bounds`. */
  bounds: number[];
  /** One per row, in file order (fingerprints.ts). */
  rowFingerprints: RowFingerprint[];
  fileFingerprint: string;
  /** The `#Row` column's row numbers when the file has one (a fix file that carries them): the chain summary's `sourceRows`. */
  rowKeys: (number | null)[] | undefined;
}

export type UploadCheck =
  | { ok: true; file: CheckedUpload; preview: UploadPreview }
  | { ok: false; problems: Problem[]; warnings: Warning[] };

export interface UploadCheckOptions {
  maxUploadBytes?: number;
  maxUnzippedBytes?: number;
}

export function checkUploadFile({ name, bytes, actionType }: UploadFileInput, options: UploadCheckOptions = {}): UploadCheck {
  const problems: Problem[] = [];
  /** A finding after which nothing more can be read: what was found so far, and this. */
  const refuse = (problem: Problem): UploadCheck => ({ ok: false, problems: [...problems, problem], warnings: [] });
  if (bytes.byteLength === 0) return refuse({ code: 'empty_file', message: `${quoted(name)} is empty (0 bytes).` });
  const sniffed = sniffFormat(bytes, 'The file');
  const overLimit = describeOverLimit(bytes.byteLength, options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
  if (overLimit) {
    const remedy = sniffed.format === 'text' ? 'Zip it (a CSV usually zips to a fifth of its size or less), or split its rows into several files.' : 'Split its rows into several files.';
    problems.push({ code: 'too_large', message: `${overLimit} ${remedy}` });
  }
  if (sniffed.format === 'refused') return refuse(sniffed.problem);
  // An .xlsx is a zip too: renaming it would not help, so its name is not held against it.
  const extension = extensionProblem(name, sniffed.format);
  let csv = bytes;
  let csvName: string | null = null;
  if (sniffed.format === 'zip') {
    const entry = readUploadZip(bytes, options.maxUnzippedBytes ?? MAX_UNZIPPED_CSV_BYTES);
    if (!entry.ok && entry.problem.code === 'spreadsheet') return refuse(entry.problem);
    if (extension) problems.push(extension);
    if (!entry.ok) return refuse(entry.problem);
    ({ csv, csvName } = entry);
    const inner = sniffFormat(csv, `${quoted(csvName)} in the zip`);
    if (inner.format === 'zip') return refuse({ code: 'not_csv', message: `${quoted(csvName)} in the zip is itself a zip archive, not a CSV.` });
    if (inner.format === 'refused') return refuse(inner.problem);
  } else if (extension) {
    problems.push(extension);
  }
  const what = csvName === null ? 'The file' : `${quoted(csvName)} in the zip`;
  const encoding = checkUtf8(csv, what);
  if (encoding) problems.push(encoding); // the rest is still read, with the bad bytes as U+FFFD
  const endings = checkLineEndings(csv, what);
  if (endings) return refuse(endings);

  const read = readRows(csv, actionType);
  if (!read.header) return refuse(read.quoteError ? quoteProblem(csv, read.quoteError) : { code: 'no_header', message: `${what} has no header: its first line must name the columns.` });
  const { header, headerCheck, rowChecks, shape, rowCount } = read;
  problems.push(...headerCheck.problems, ...rowChecks.problems(csv, shape));
  if (rowCount === 0 && !shape.quoteError) problems.push({ code: 'no_rows', message: `${what} has a header but no rows: there is nothing for Zuora to do.` });
  const warnings = [...headerCheck.warnings, ...rowChecks.warnings(), ...read.requiredCells.warnings()];
  if (problems.length > 0) return { ok: false, problems, warnings };

  const file: CheckedUpload = {
    name, actionType, format: sniffed.format === 'zip' ? 'zip' : 'csv', bytes, md5: digest('md5', bytes), sha256: digest('sha256', bytes), csvName, csv,
    hasBom: shape.hasBom, lineEnding: shape.lineEnding ?? '\n', header, rowCount, bounds: shape.bounds,
    rowFingerprints: read.fingerprints, fileFingerprint: fingerprintFile(actionType, read.fingerprints), rowKeys: read.rowKeys,
  };
  const preview: UploadPreview = {
    format: file.format, byteSize: bytes.byteLength, csvByteSize: csv.byteLength, csvName, columns: headerCheck.columns,
    rowCount, rows: read.firstRows, md5: file.md5, sha256: file.sha256, warnings,
  };
  return { ok: true, file, preview };
}

interface HeaderReading {
  header: string[];
  headerCheck: HeaderCheck;
  rowChecks: RowChecks;
  requiredCells: RequiredCellsTracker;
  columns: FingerprintColumn[];
  keyIndex: number;
}

/** One pass over the records: the header checked first, then each row checked and fingerprinted, and let go. */
function readRows(csv: Uint8Array, actionType: ActionType) {
  const reading: { header: HeaderReading | null; isHeaderBlank: boolean } = { header: null, isHeaderBlank: false };
  const fingerprints: RowFingerprint[] = [];
  const firstRows: string[][] = [];
  const keys: (number | null)[] = [];
  const shape = readCsvRecords(csv, (record, index, bounds) => {
    const byteLength = bounds[index + 1]! - bounds[index]!;
    if (index === 0) {
      const headerCheck = checkHeader(record, actionType);
      reading.isHeaderBlank = isBlankLine(record, byteLength);
      reading.header = {
        header: record, headerCheck, rowChecks: new RowChecks(record.length, headerCheck.responseColumns), requiredCells: trackRequiredCells(record, actionType),
        columns: fingerprintColumns(record, actionType), keyIndex: record.findIndex((name) => name.trim() === ROW_KEY_COLUMN),
      };
      return;
    }
    const started = reading.header;
    if (!started || !started.rowChecks.add(record, index, byteLength)) return;
    started.requiredCells.add(record, index);
    fingerprints.push(fingerprintRow(started.columns, record));
    if (started.keyIndex >= 0) keys.push(parseRowKey(record[started.keyIndex] ?? ''));
    if (firstRows.length < PREVIEW_ROWS) firstRows.push(record);
  });
  if (reading.header === null || reading.isHeaderBlank) return { header: null, quoteError: shape.quoteError } as const;
  const { header } = reading;
  return { ...header, shape, rowCount: shape.bounds.length - 2, fingerprints, firstRows, rowKeys: header.keyIndex < 0 ? undefined : keys };
}

function extensionProblem(name: string, format: 'zip' | 'text'): Problem | null {
  const isCsv = /\.csv$/i.test(name);
  if (format === 'zip' && !isZipName(name)) {
    return { code: 'wrong_extension', message: `${quoted(name)} is a zip archive${isCsv ? ' named .csv' : ''}: rename it to end in .zip. Zuora takes a .csv or a .zip, and whether it looks at the name or the bytes is unconfirmed.` };
  }
  if (format === 'text' && !isCsv) {
    const why = isZipName(name) ? ' is named .zip, but it is not a zip archive: it holds text' : ' does not end in .csv';
    return { code: 'wrong_extension', message: `${quoted(name)}${why}. Zuora takes a .csv, or a .zip holding one .csv: if it is a CSV, rename it to end in .csv.` };
  }
  return null;
}

const isZipName = (name: string) => /\.zip$/i.test(name);

function digest(algorithm: 'md5' | 'sha256', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}
