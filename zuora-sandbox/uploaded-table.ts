import { unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

/** An uploaded CSV as records, plus what it takes to write the result file in the same style. */
export interface UploadedTable {
  csvName: string;
  header: string[];
  rows: string[][];
  hasBom: boolean;
  lineEnding: '\r\n' | '\n';
}

// A 4 MB zip of CSV inflates to ~25 MB (README); refuse zip bombs well above that.
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function fileError(message: string): ZuoraError {
  return new ZuoraError(400, RESOURCE.bulkFile, CATEGORY.invalidValue, message);
}

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte);
}

function extractSingleCsv(bytes: Uint8Array): { name: string; bytes: Uint8Array } {
  let entries: Record<string, Uint8Array>;
  let tooBig = false;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        const wanted = !file.name.endsWith('/') && !file.name.startsWith('__MACOSX/');
        if (wanted && file.originalSize > MAX_UNZIPPED_BYTES) tooBig = true;
        return wanted && !tooBig;
      },
    });
  } catch {
    throw fileError('The zip file could not be read.');
  }
  if (tooBig) throw fileError('The zipped .csv file is too large once unzipped.');
  const names = Object.keys(entries);
  const csvNames = names.filter((name) => name.toLowerCase().endsWith('.csv'));
  const only = csvNames[0];
  if (names.length !== 1 || only === undefined) {
    throw fileError(`The zip file must contain exactly one .csv file (found ${names.length} files, ${csvNames.length} .csv).`);
  }
  return { name: only.split('/').pop() ?? only, bytes: entries[only] ?? new Uint8Array() };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // BOM stripped here; hasBom remembers it so the result file can carry it too.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('The file must be UTF-8 encoded.');
  }
}

/** Reads a .csv or a .zip holding one .csv, as Zuora's Mass Updater accepts them. */
export function readUploadedTable(fileName: string, bytes: Uint8Array): UploadedTable {
  const lowerName = fileName.toLowerCase();
  let csv = { name: fileName, bytes };
  if (lowerName.endsWith('.zip')) {
    if (!isZip(bytes)) throw fileError('The file is named .zip but is not a zip file.');
    csv = extractSingleCsv(bytes);
  } else if (!lowerName.endsWith('.csv')) {
    throw fileError('The file must be a .csv file or a .zip file containing one .csv file.');
  }
  const hasBom = csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf;
  const text = decodeUtf8(csv.bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw fileError(`The file is not a valid CSV file: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (header === undefined || header.every((name) => name.trim() === '')) throw fileError('The file has no header row.');
  if (rows.length === 0) throw fileError('The file contains no records.');
  // The style of the first line break decides the result file's: Excel on Windows writes CRLF.
  const firstBreak = text.indexOf('\n');
  const lineEnding = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  return { csvName: csv.name, header, rows, hasBom, lineEnding };
}
