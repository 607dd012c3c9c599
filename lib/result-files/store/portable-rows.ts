import 'server-only';
import { decodeBlock, ENCODING } from './stored-block';
import { shownText, storedMessage } from './stored-text';

// A result file's rows as a SQLite file of an earlier version may hold them, made fit for PostgreSQL
// (lib/db/copy.ts): its text cannot hold U+0000, which a CSV cell may. Blocks then take their JSON
// encoding and messages their JSON-marked form, as an import does today; what is only shown (a file
// name, a failure) shows the NUL as ␀. Rows without a NUL pass unchanged, byte for byte.

const NUL = '\u0000';
type Row = Record<string, unknown>;

export function portableResultRow(table: string, row: Row): Row {
  if (table === 'result_row_blocks' && typeof row.cells === 'string' && row.cells.includes(NUL) && Number(row.encoding) === ENCODING.joined) {
    return { ...row, encoding: typeof row.encoding === 'bigint' ? BigInt(ENCODING.json) : ENCODING.json, cells: JSON.stringify(decodeBlock({ encoding: ENCODING.joined, cells: row.cells })) };
  }
  if (table === 'result_error_groups' && typeof row.message === 'string' && row.message.includes(NUL)) return { ...row, message: storedMessage(row.message) };
  if (table === 'result_imports') {
    const shown = (value: unknown) => (typeof value === 'string' ? shownText(value) : value);
    return { ...row, csv_name: shown(row.csv_name), error_message: shown(row.error_message) };
  }
  return row;
}
