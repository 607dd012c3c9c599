import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import type { MassAction } from './mass-actions';
import { cellReader, describeFailure, ROW_SUCCEEDED } from './failures';
import { outcomeCells, outcomeColumns, type RowResult } from './outcome-cells';

/** The name of the CSV inside the result zip: Zuora derives it from the uploaded file. */
export function resultCsvName(action: MassAction): string {
  return `${action.table.csvName.replace(/\.csv$/i, '')}_response.csv`;
}

/**
 * The result CSV: the uploaded rows unchanged (same columns, `#` ones included, same order),
 * then the outcome columns. Rows past `processed` were never reached: their Success is blank.
 * BOM and line endings follow the upload, so what went in as Excel-on-Windows comes back so.
 */
export function buildResultCsv(action: MassAction, processed: number): string {
  const { table, actionType, bulkKey, outcomes } = action;
  const cellsOf = cellReader(table, action.behaviour.headerMatch);
  const records: string[][] = [[...table.header, ...outcomeColumns(actionType)]];
  table.rows.forEach((row, rowIndex) => {
    const cell = cellsOf(row);
    const kind = outcomes.kinds[rowIndex] ?? ROW_SUCCEEDED;
    let result: RowResult = null;
    if (rowIndex < processed) {
      result = kind === ROW_SUCCEEDED ? { succeeded: true } : { succeeded: false, failure: describeFailure(actionType, kind, cell, rowIndex) };
    }
    // Short rows are padded so the outcome columns stay under their headers.
    const uploaded = row.length < table.header.length ? [...row, ...Array<string>(table.header.length - row.length).fill('')] : row;
    records.push([...uploaded, ...outcomeCells({ actionType, bulkKey, rowIndex, cell }, result)]);
  });
  return stringify(records, {
    bom: table.hasBom,
    record_delimiter: table.lineEnding === '\r\n' ? 'windows' : 'unix',
    // csv-stringify only quotes the full record delimiter; a lone \n or \r inside a field must be quoted too.
    quoted_match: /[\r\n]/,
  });
}

export function buildResultZip(action: MassAction, processed: number): Uint8Array {
  return zipSync({ [resultCsvName(action)]: strToU8(buildResultCsv(action, processed)) }, { level: 6 });
}
