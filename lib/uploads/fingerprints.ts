import 'server-only';
import crypto from 'node:crypto';
import { isInformationalColumn, isResponseColumn, type ActionType } from './shared/action-types';

// A row's fingerprint says "these are the same values for Zuora", whatever file carries them: the
// original upload, its resume file (the result file's rows never reached, perhaps still with Zuora's
// Success and Error Message columns) or a fix file (with `#Error Message`). So it covers the input
// columns only: `#` columns and the response columns of the action type are left out; columns are
// taken by name, not position (another column order gives the same fingerprint); and a blank cell
// counts as no cell, so a column present but blank in one file and absent from another is the same
// row. Only an empty cell is blank: Zuora keeps "  " as it is written (unconfirmed), so does this.
// Names are trimmed (Zuora's own copy of a header may differ by padding); values are never changed.
//
// 64 bits: the first 8 bytes of SHA-256, as 16 hex characters. Among 1,000 files of 100,000 rows
// (10^8 rows) the chance that any two different rows share a fingerprint is about n²/2⁶⁵ ≈ 3 × 10⁻⁴;
// the chance that a new file of 100,000 rows falsely matches any of those 10^8 stored rows is about
// 10^5 × 10^8 / 2⁶⁴ ≈ 5 × 10⁻⁷. Within one chain of a 100,000-row file, ≈ 3 × 10⁻¹⁰.

/** 16 lowercase hex characters. */
export type RowFingerprint = string;

export interface FingerprintColumn {
  index: number;
  name: string;
}

// crypto.hash (Node 20.12) is ~3 times faster than a Hash object per row; older versions use the latter.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = (text: string) => (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

/** The columns that make a row's fingerprint, in canonical order: by name (code units, never a locale's order), then position. */
export function fingerprintColumns(header: readonly string[], actionType: ActionType): FingerprintColumn[] {
  return header
    .map((name, index) => ({ index, name: name.trim() }))
    .filter(({ name }) => !isInformationalColumn(name) && !isResponseColumn(name, actionType))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index));
}

export function fingerprintRow(columns: readonly FingerprintColumn[], row: readonly string[]): RowFingerprint {
  // Length-prefixed, so no value can pass for a name or another cell, whatever characters it holds.
  let text = '';
  for (const { index, name } of columns) {
    const value = row[index] ?? '';
    if (value !== '') text += `${name.length}:${name}${value.length}:${value}`;
  }
  return sha256Hex(text).slice(0, 16);
}

export function fingerprintRows(header: readonly string[], rows: readonly (readonly string[])[], actionType: ActionType): RowFingerprint[] {
  const columns = fingerprintColumns(header, actionType);
  return rows.map((row) => fingerprintRow(columns, row));
}

/**
 * The same rows in the same order for the same action type: the same file, zipped or not, whatever its
 * BOM, line endings, quoting, column order or `#` columns. SHA-256, 64 hex characters.
 */
export function fingerprintFile(actionType: ActionType, rows: readonly RowFingerprint[]): string {
  const hash = crypto.createHash('sha256').update(`${actionType}\n`);
  for (const row of rows) hash.update(row);
  return hash.digest('hex');
}

/** As a signed 64-bit integer, for a BIGINT (PostgreSQL) or INTEGER (SQLite) column. */
export function fingerprintToBigInt(fingerprint: RowFingerprint): bigint {
  return BigInt.asIntN(64, BigInt(`0x${fingerprint}`));
}

export function fingerprintFromBigInt(value: bigint): RowFingerprint {
  return BigInt.asUintN(64, value).toString(16).padStart(16, '0');
}

/** The informational column a fix file can carry each row's number in its source's file in (Zuora ignores it). */
export const ROW_KEY_COLUMN = '#Row';

/** A `#Row` cell as a row number from 1; null when it holds none. */
export function parseRowKey(cell: string): number | null {
  const trimmed = cell.trim();
  return /^[1-9]\d{0,8}$/.test(trimmed) ? Number(trimmed) : null;
}

/** A file's `#Row` column as chain-summary's `sourceRows`: undefined when it has none. */
export function readRowKeys(header: readonly string[], rows: readonly (readonly string[])[]): (number | null)[] | undefined {
  const index = header.findIndex((name) => name.trim() === ROW_KEY_COLUMN);
  return index < 0 ? undefined : rows.map((row) => parseRowKey(row[index] ?? ''));
}
