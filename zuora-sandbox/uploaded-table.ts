import { unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { CATEGORY } from './zuora-errors';

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

/**
 * Why a file cannot be taken. The route decides the answer: a `container` problem (not a csv or a
 * zip of one) is always refused at upload; a `content` problem follows the badFile behaviour.
 */
export class FileProblem extends Error {
  constructor(
    readonly stage: 'container' | 'content',
    message: string,
    readonly category: number = CATEGORY.invalidValue,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

const containerProblem = (message: string) => new FileProblem('container', message);
const contentProblem = (message: string) => new FileProblem('content', message);

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
    throw containerProblem('The zip file could not be read.');
  }
  if (tooBig) throw containerProblem('The zipped .csv file is too large once unzipped.');
  const names = Object.keys(entries);
  const csvNames = names.filter((name) => name.toLowerCase().endsWith('.csv'));
  const only = csvNames[0];
  if (names.length !== 1 || only === undefined) {
    throw containerProblem(`The zip file must contain exactly one .csv file (found ${names.length} files, ${csvNames.length} .csv).`);
  }
  return { name: only.split('/').pop() ?? only, bytes: entries[only] ?? new Uint8Array() };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // BOM stripped here; hasBom remembers it so the result file can carry it too.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw contentProblem('The file must be UTF-8 encoded.');
  }
}

export interface CsvFile {
  name: string;
  bytes: Uint8Array;
}

/** The one CSV of an upload: the file itself, or the only .csv inside a .zip. */
export function extractCsv(fileName: string, bytes: Uint8Array): CsvFile {
  const lowerName = fileName.toLowerCase();
  if (lowerName.endsWith('.zip')) {
    if (!isZip(bytes)) throw containerProblem('The file is named .zip but is not a zip file.');
    return extractSingleCsv(bytes);
  }
  if (!lowerName.endsWith('.csv')) throw containerProblem('The file must be a .csv file or a .zip file containing one .csv file.');
  return { name: fileName, bytes };
}

/** Reads the CSV's records, remembering its BOM and line endings for the result file. */
export function parseTable(csv: CsvFile): UploadedTable {
  const hasBom = csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf;
  const text = decodeUtf8(csv.bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw contentProblem(`The file is not a valid CSV file: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (header === undefined || header.every((name) => name.trim() === '')) throw contentProblem('The file has no header row.');
  if (rows.length === 0) throw contentProblem('The file contains no records.');
  // The style of the first line break decides the result file's: Excel on Windows writes CRLF.
  const firstBreak = text.indexOf('\n');
  const lineEnding = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  return { csvName: csv.name, header, rows, hasBom, lineEnding };
}

/** A table for an upload whose file could not be read: the action it starts ends Failed, without a file. */
export function unreadableTable(csvName: string): UploadedTable {
  return { csvName, header: [], rows: [], hasBom: false, lineEnding: '\n' };
}
