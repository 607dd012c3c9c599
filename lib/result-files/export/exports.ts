import 'server-only';
import { neutraliseFormula } from '../../shared/spreadsheet-safe';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Database } from '../../db/database';
import { allRows } from '../read/block-reader';
import { outcomeLayout } from '../store/columns';
import { ResultFileError } from '../errors';
import { findCurrentImport, type ImportRecord } from '../store/import-records';
import { readRawZip } from '../store/raw-zip-store';
import { openView, type ViewQuery } from '../read/row-queries';
import { messageTemplate } from '../shared/message-template';
import { columnsOf, completeImport } from '../read/status';
import { OUTCOME_CODES } from '../store/stored-block';

export interface FileDownload {
  fileName: string;
  contentType: string;
  /** A Node stream; a route handler answers `new Response(Readable.toWeb(stream))`. */
  stream: Readable;
}

const CHUNK_ROWS = 1000;
const FIX_COLUMN = '#Error Message';
const ROW_COLUMN = 'Row';

// The result file holds whatever the uploader and Zuora wrote. The view export is the file made to be
// opened in a spreadsheet, so its cells go through the spreadsheet-safe rule; the resume and fix files
// go back to Zuora, where -2.50 and +44… are real values: their cells stay as uploaded.

/**
 * The rows of the current view (filter, search, sort), every column, safe to open in a spreadsheet.
 * A first `Row` column gives each row's number in the file, the one its link uses (`?row=N`), and the
 * file's name says which view it holds (viewName).
 */
export async function exportView(db: Database, bulkKey: string, query: ViewQuery): Promise<FileDownload> {
  const record = await completeImport(db, bulkKey);
  const view = await openView(db, record, query);
  async function* rows() {
    for (let offset = 0; offset < view.size; offset += CHUNK_ROWS) yield (await view.read(offset, CHUNK_ROWS)).map((row) => [String(row.rowNumber), ...row.cells.map(neutraliseFormula)]);
  }
  return csvDownload(record, viewName(query), [ROW_COLUMN, ...(columnsOf(record) ?? []).map((c) => neutraliseFormula(c.name))], rows());
}

/** The rows Zuora never reached, with the uploaded columns only (`#` ones included), cells as uploaded: a new upload for the rest. */
export async function exportResumeFile(db: Database, bulkKey: string): Promise<FileDownload> {
  const record = await completeImport(db, bulkKey);
  const uploaded = (columnsOf(record) ?? []).filter((c) => c.kind !== 'outcome');
  async function* rows() {
    for await (const batch of rowsOfOutcome(db, record, OUTCOME_CODES.not_processed)) yield batch.map(({ cells }) => uploaded.map((c) => cells[c.index] ?? ''));
  }
  return csvDownload(record, 'resume', uploaded.map((c) => c.name), rows());
}

/**
 * The failed rows with the uploaded columns and Zuora's error in `#Error Message`, which Zuora ignores
 * on upload: fix the cells, upload the file as it is. A file that already had that column (a previous
 * fix round) gets it overwritten with the new error. With a template, only the rows of that error
 * group (shared/message-template.ts), as "Show rows" shows them.
 */
export async function exportFixFile(db: Database, bulkKey: string, options: { template?: string } = {}): Promise<FileDownload> {
  const record = await completeImport(db, bulkKey);
  const uploaded = (columnsOf(record) ?? []).filter((c) => c.kind !== 'outcome');
  const existing = uploaded.findIndex((c) => c.name.trim() === FIX_COLUMN);
  const header = [...uploaded.map((c) => c.name), ...(existing < 0 ? [FIX_COLUMN] : [])];
  async function* rows() {
    for await (const batch of rowsOfOutcome(db, record, OUTCOME_CODES.failed, options.template)) {
      yield batch.map(({ cells, errorMessage }) => {
        const out = uploaded.map((c) => cells[c.index] ?? '');
        if (existing < 0) out.push(errorMessage);
        else out[existing] = errorMessage;
        return out;
      });
    }
  }
  return csvDownload(record, options.template ? `fix-${slugOf(options.template) || 'group'}` : 'fix', header, rows());
}

/** The zip as Zuora served it; kept even when the file could not be read, unless it never arrived whole. */
export async function openRawZip(db: Database, bulkKey: string): Promise<FileDownload & { size: number }> {
  const record = await findCurrentImport(db, bulkKey);
  if (!record || record.raw_size === null || record.status === 'importing') {
    throw new ResultFileError('not_ready', record?.status === 'importing' ? 'The result file is still being downloaded.' : 'The console holds no copy of this result file.');
  }
  const fileName = record.csv_name ? record.csv_name.replace(/\.csv$/i, '.zip') : `${bulkKey}_response.zip`;
  return { fileName, contentType: 'application/zip', size: record.raw_size, stream: Readable.from(readRawZip(db, record.id), { objectMode: false }) };
}

/** Rows of one outcome in file order, with their error message (optionally only those of one error group), a block at a time. */
async function* rowsOfOutcome(db: Database, record: ImportRecord, code: number, template?: string) {
  const { errorIndex } = outcomeLayout(columnsOf(record) ?? []);
  for await (const block of allRows(db, record.id)) {
    const rows = block
      .filter((row) => row.code === code)
      .map(({ cells }) => ({ cells, errorMessage: errorIndex === null ? '' : (cells[errorIndex] ?? '') }))
      .filter((row) => !template || messageTemplate(row.errorMessage) === template);
    if (rows.length > 0) yield rows;
  }
}

/**
 * "view-failed-search-invoice-group-invoice-item-id-not-found-sort-row-desc": what differs from the
 * default view (all rows, no search, no group, by row number), which is plain "view". Only a-z, 0-9 and
 * "-", so the name is safe in a Content-Disposition header whatever was searched, and at most 139
 * characters (search 40, group 48) beside the file's own name.
 */
function viewName({ outcome, search, template, sort }: ViewQuery): string {
  // A search or group whose words have no letter or digit left (日本, "€") is still named, without its words.
  const named = (label: string, slug: string) => (slug ? `${label}-${slug}` : label);
  const parts = ['view'];
  if (outcome !== 'all') parts.push(slugOf(outcome));
  if (search.trim()) parts.push(named('search', slugOf(foldAccents(search), 40)));
  if (template) parts.push(named('group', slugOf(foldAccents(template))));
  if (sort !== 'row-asc') parts.push(`sort-${sort}`);
  return parts.join('-');
}

/** "ZOË Müller" → "ZOE Muller", so a searched name reads the same in the file name. */
function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** "Invoice Item {id} not found" → "invoice-item-id-not-found": which group a downloaded file holds. */
function slugOf(text: string, maxLength = 48): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, maxLength).replace(/^-+|-+$/g, '');
}

function csvDownload(record: ImportRecord, suffix: string, header: string[], rows: AsyncIterable<string[][]>): FileDownload {
  const base = (record.csv_name ?? record.bulk_key).replace(/(_response)?\.csv$/i, '');
  // Written in the style Zuora used for this file (BOM, line ending); a line break inside a cell is
  // quoted whichever ending is used, which csv-stringify only does by itself for the record delimiter.
  const output = stringify({ bom: record.has_bom === 1, record_delimiter: record.line_ending === '\r\n' ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
  async function* records() {
    yield header;
    for await (const batch of rows) yield* batch;
  }
  pipeline(Readable.from(records()), output).catch(() => undefined); // an error reaches the reader through `output`
  return { fileName: `${base}_${suffix}.csv`, contentType: 'text/csv; charset=utf-8', stream: output };
}
