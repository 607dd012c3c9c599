import 'server-only';
import zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { formatCount } from '../shared/format';
import { readZipDirectory, type DirectoryEntry } from '../result-files/fetch/zip-directory';
import type { Problem } from './shared/check-types';
import { formatSize } from './shared/upload-size';
import { quoted, quoteList } from './shared/wording';

// The one CSV of an uploaded zip. The whole zip is in memory (4 MB at most), so its central directory
// is read first (result-files' reader): it names every entry, so a refusal can name them all, and it
// holds the sizes and CRC the inflated CSV is checked against. fflate inflates into a buffer of the
// size the directory states, never more, so a zip bomb cannot grow past the cap checked beforehand.

/** A 4 MB zip of a typical file unzips to ~25 MB (500,000 rows); this leaves a wide margin and bounds memory. */
export const MAX_UNZIPPED_CSV_BYTES = 128 * 1024 * 1024;

export type ZipEntryResult = { ok: true; csvName: string; csv: Uint8Array } | { ok: false; problem: Problem };

// zlib.crc32 arrived in Node 20.15; on older versions only the size is checked.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const NAMES_LISTED = 10;
const REZIP = 'Zip the CSV again, or upload the CSV itself.';

export function readUploadZip(zip: Uint8Array, maxCsvBytes = MAX_UNZIPPED_CSV_BYTES): ZipEntryResult {
  const refuse = (code: Problem['code'], message: string): ZipEntryResult => ({ ok: false, problem: { code, message } });
  const directory = readZipDirectory(zip, zip.byteLength);
  if (directory === null) {
    return refuse('zip_corrupt', `The zip is incomplete: its closing directory is missing, so it was probably cut short while being copied or downloaded. ${REZIP}`);
  }
  if (directory.entries.length !== directory.entryCount) {
    return refuse('zip_corrupt', `The zip is damaged: its directory lists ${formatCount(directory.entryCount)} entries, of which ${formatCount(directory.entries.length)} can be read. ${REZIP}`);
  }
  const files = directory.entries.filter((entry) => !entry.name.endsWith('/'));
  const office = officeDocument(files);
  if (office) return refuse('spreadsheet', `The file is ${office}, which is a zip of XML files, not a zip holding a CSV. In the spreadsheet, choose File › Save As › "CSV UTF-8 (Comma delimited) (.csv)" and upload that.`);
  if (files.length === 0) return refuse('zip_empty', 'The zip is empty: it holds no file. Zuora takes a zip holding exactly one CSV.');
  if (files.length > 1) {
    const names = files.slice(0, NAMES_LISTED).map((entry) => entry.name);
    const more = files.length > NAMES_LISTED ? `, and ${formatCount(files.length - NAMES_LISTED)} more` : '';
    const mac = files.some((entry) => entry.name.startsWith('__MACOSX/') || entry.name.endsWith('.DS_Store'))
      ? ' The "__MACOSX" and ".DS_Store" entries are added by macOS when it compresses a folder: compress the CSV alone, or upload the CSV itself.'
      : ' Zip one CSV alone, or upload the CSV itself.';
    return refuse('zip_several_entries', `The zip holds ${formatCount(files.length)} files (${names.length < files.length ? names.map(quoted).join(', ') : quoteList(names)}${more}); Zuora takes a zip holding exactly one CSV.${mac}`);
  }
  const entry = files[0]!;
  if (!/\.csv$/i.test(entry.name)) return refuse('zip_entry_not_csv', `The zip holds ${quoted(entry.name)}, which is not a .csv file; Zuora takes a zip holding one CSV.`);
  if (entry.uncompressedSize > maxCsvBytes) {
    return refuse('zip_unzips_too_large', `${quoted(entry.name)} unzips to ${formatSize(entry.uncompressedSize)}, more than the ${formatSize(maxCsvBytes)} the console checks; a 4 MB zip of a mass action's rows unzips to about 25 MB.`);
  }
  return inflate(zip, directory.entries.indexOf(entry), entry);
}

function inflate(zip: Uint8Array, index: number, entry: DirectoryEntry): ZipEntryResult {
  let seen = 0;
  let csv: Uint8Array | undefined;
  try {
    // The directory's order is fflate's: pick the entry by position, not by a name either may decode differently.
    const files = unzipSync(zip, { filter: () => seen++ === index });
    csv = Object.values(files)[0];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: 'zip_corrupt', message: `The zip is damaged or password-protected: ${quoted(entry.name)} cannot be unzipped (${detail}). ${REZIP}` } };
  }
  const isIntact = csv !== undefined && csv.byteLength === entry.uncompressedSize && (!crc32 || crc32(csv) === entry.crc32);
  if (!csv || !isIntact) {
    return { ok: false, problem: { code: 'zip_corrupt', message: `The zip is damaged or password-protected: ${quoted(entry.name)} does not match the size and checksum its directory records. ${REZIP}` } };
  }
  return { ok: true, csvName: entry.name, csv };
}

function officeDocument(files: readonly DirectoryEntry[]): string | null {
  const names = new Set(files.map((entry) => entry.name));
  if (names.has('[Content_Types].xml')) return files.some((entry) => entry.name.startsWith('xl/')) ? 'an Excel workbook (.xlsx)' : 'an Office document (.docx, .pptx…)';
  if (names.has('mimetype') && names.has('content.xml')) return 'an OpenDocument file (.ods)';
  return null;
}
