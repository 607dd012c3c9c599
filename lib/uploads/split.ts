import 'server-only';
import { formatCount } from '../shared/format';
import type { Problem } from './shared/check-types';
import { formatSize, MAX_UPLOAD_BYTES } from './shared/upload-size';
import { readCsvRecords } from './csv-records';
import { linesAt } from './text-check';

// A CSV too large for one upload (a resume file of a 4 MB zip can be 25 MB), cut between rows into
// parts as they would be uploaded: each starts with the file's own BOM and header line, and holds its
// rows byte for byte (quoting, line endings, the last row's missing line ending), so the parts' rows
// put together are the file's rows exactly, in order. Greedy: each part as full as the limit allows.

export interface CsvPart {
  /** From 1. */
  index: number;
  bytes: Uint8Array;
  /** The file's data rows it holds, numbered from 1 (the header not counted), both ends included. */
  firstRow: number;
  lastRow: number;
}

export type SplitResult = { ok: true; parts: CsvPart[] } | { ok: false; problem: Problem };

export interface SplitOptions {
  maxPartBytes?: number;
  /** Where each record starts, as readCsvRecords gives them (CheckedUpload.bounds): spares a second parse. */
  bounds?: readonly number[];
}

export function splitCsv(csv: Uint8Array, options: SplitOptions = {}): SplitResult {
  const maxPartBytes = options.maxPartBytes ?? MAX_UPLOAD_BYTES;
  let bounds = options.bounds;
  if (!bounds) {
    const records = readCsvRecords(csv, () => undefined);
    if (records.quoteError) return { ok: false, problem: { code: records.quoteError.kind === 'unclosed' ? 'unclosed_quote' : 'bad_quote', message: 'The file has a malformed quote, so its rows cannot be told apart: check it first (checkUploadFile says where).' } };
    bounds = records.bounds;
  }
  const rowCount = bounds.length - 2;
  if (rowCount < 1) return { ok: false, problem: { code: 'no_rows', message: 'The file has no rows to split.' } };
  const prefix = csv.subarray(0, bounds[1]);
  const parts: CsvPart[] = [];
  let first = 1;
  while (first <= rowCount) {
    let last = first - 1;
    while (last < rowCount && prefix.byteLength + bounds[last + 2]! - bounds[first]! <= maxPartBytes) last += 1;
    if (last < first) {
      const size = bounds[first + 1]! - bounds[first]!;
      const [line = 1] = linesAt(csv, [bounds[first]!]);
      return {
        ok: false,
        problem: { code: 'row_too_large', message: `Row ${formatCount(first)} (line ${formatCount(line)}) alone is ${formatSize(size)}: with the header it is over the ${formatSize(maxPartBytes)} a file may hold, so no part can carry it. A value that long is most likely a quote never closed.` },
      };
    }
    const bytes = new Uint8Array(prefix.byteLength + bounds[last + 1]! - bounds[first]!);
    bytes.set(prefix);
    bytes.set(csv.subarray(bounds[first], bounds[last + 1]), prefix.byteLength);
    parts.push({ index: parts.length + 1, bytes, firstRow: first, lastRow: last });
    first = last + 1;
  }
  return { ok: true, parts };
}

/** "payments.csv", part 2 of 3 → "payments_part-2-of-3.csv". */
export function partFileName(name: string, index: number, count: number): string {
  const base = name.replace(/\.(csv|zip)$/i, '');
  return `${base}_part-${index}-of-${count}.csv`;
}
