import 'server-only';
import type { Database } from '../db/database';
import type { ImportRecord } from './import-records';
import { findMatches, orderMatches } from './search';
import { countsOf, readableImport } from './status';
import { normalizeSearch, toResultRow, type StoredRow } from './stored-row';
import type { ResultRow, RowLocation, RowsPage, RowsQuery } from './types';
import { positionInView, sliceView, viewSegments, viewSize, type CountsByCode, type SegmentSlice } from './view-order';

export type ViewQuery = Omit<RowsQuery, 'page' | 'pageSize'>;

/** One page of the review table, under the view's filter, search and sort. */
export async function queryRows(db: Database, bulkKey: string, query: RowsQuery): Promise<RowsPage> {
  const record = await readableImport(db, bulkKey);
  const view = await openView(db, record, query);
  const rows = await view.read((query.page - 1) * query.pageSize, query.pageSize);
  return { rows, total: view.size, page: query.page, pageSize: query.pageSize, pageCount: Math.max(1, Math.ceil(view.size / query.pageSize)), isPartial: record.status !== 'ready' };
}

/** The page on which a row falls under a view, so a link to one row opens on it. */
export async function locateRow(db: Database, bulkKey: string, rowNumber: number, query: ViewQuery & { pageSize: number }): Promise<RowLocation | null> {
  const record = await readableImport(db, bulkKey);
  const view = await openView(db, record, query);
  const position = await view.positionOf(rowNumber);
  return position === null ? null : { page: Math.floor(position / query.pageSize) + 1, indexInPage: position % query.pageSize };
}

export interface View {
  size: number;
  read(offset: number, limit: number): Promise<ResultRow[]>;
  positionOf(rowNumber: number): Promise<number | null>;
}

export async function openView(db: Database, record: ImportRecord, query: ViewQuery): Promise<View> {
  const term = normalizeSearch(query.search);
  if (term !== '') {
    const order = orderMatches(await findMatches(db, record, term), query.outcome, query.sort);
    return {
      size: order.length,
      read: (offset, limit) => rowsByNumber(db, record.id, Array.from(order.subarray(offset, offset + limit))),
      positionOf: async (rowNumber) => {
        const index = order.indexOf(rowNumber);
        return index < 0 ? null : index;
      },
    };
  }
  const counts = countsOf(record);
  const segments = viewSegments(query.outcome, query.sort, [counts.failed, counts.notProcessed, counts.succeeded] satisfies CountsByCode);
  return {
    size: viewSize(segments),
    read: async (offset, limit) => (await Promise.all(sliceView(segments, offset, limit).map((slice) => rowsInSlice(db, record.id, slice)))).flat(),
    positionOf: async (rowNumber) => {
      const row = await db.selectFrom('result_rows').select(['outcome', 'outcome_seq']).where('import_id', '=', record.id).where('row_number', '=', rowNumber).executeTakeFirst();
      return row ? positionInView(segments, { rowNumber, code: row.outcome, rank: row.outcome_seq }) : null;
    },
  };
}

function rowsInSlice(db: Database, importId: number, { segment, first, last }: SegmentSlice): Promise<ResultRow[]> {
  const direction = first > last ? 'desc' : 'asc';
  const [low, high] = first > last ? [last, first] : [first, last];
  const base = db.selectFrom('result_rows').select(['row_number', 'outcome', 'cells']).where('import_id', '=', importId);
  const query =
    segment.outcome === null
      ? base.where('row_number', '>=', low).where('row_number', '<=', high).orderBy('row_number', direction)
      : base.where('outcome', '=', segment.outcome).where('outcome_seq', '>=', low).where('outcome_seq', '<=', high).orderBy('outcome_seq', direction);
  return query.execute().then((rows) => rows.map(toResultRow));
}

async function rowsByNumber(db: Database, importId: number, rowNumbers: number[]): Promise<ResultRow[]> {
  if (rowNumbers.length === 0) return [];
  const rows: StoredRow[] = await db.selectFrom('result_rows').select(['row_number', 'outcome', 'cells']).where('import_id', '=', importId).where('row_number', 'in', rowNumbers).execute();
  const byNumber = new Map(rows.map((row) => [row.row_number, row]));
  return rowNumbers.flatMap((n) => {
    const row = byNumber.get(n);
    return row ? [toResultRow(row)] : [];
  });
}
