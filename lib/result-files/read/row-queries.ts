import 'server-only';
import type { Database } from '../../db/database';
import { readRows } from './block-reader';
import type { ImportRecord } from '../store/import-records';
import { loadRowIndex } from './row-index';
import { filterRows } from './row-filter';
import { orderMatches } from './search';
import { countsOf, readableImport } from './status';
import type { ResultRow, RowLocation, RowsPage, RowsQuery } from '../shared/types';
import { positionInView, sliceView, viewSegments, viewSize, type CountsByCode } from './view-order';

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
  const position = view.positionOf(rowNumber);
  return position === null ? null : { page: Math.floor(position / query.pageSize) + 1, indexInPage: position % query.pageSize };
}

export interface View {
  size: number;
  read(offset: number, limit: number): Promise<ResultRow[]>;
  positionOf(rowNumber: number): number | null;
}

/** The view's rows in display order, as row numbers worked out in memory; only a page's rows are read. */
export async function openView(db: Database, record: ImportRecord, query: ViewQuery): Promise<View> {
  const index = await loadRowIndex(db, record);
  const read = (rowNumbers: number[]) => readRows(db, record.id, index, rowNumbers);
  const matches = await filterRows(db, record, query);
  if (matches) {
    const order = orderMatches(matches, query.outcome, query.sort);
    return {
      size: order.length,
      read: (offset, limit) => read(Array.from(order.subarray(offset, offset + limit))),
      positionOf: (rowNumber) => {
        const position = order.indexOf(rowNumber);
        return position < 0 ? null : position;
      },
    };
  }
  const counts = countsOf(record);
  const segments = viewSegments(query.outcome, query.sort, [counts.failed, counts.notProcessed, counts.succeeded] satisfies CountsByCode);
  return {
    size: viewSize(segments),
    read: (offset, limit) =>
      read(
        sliceView(segments, offset, limit).flatMap(({ segment, first, last }) => {
          const step = first <= last ? 1 : -1;
          const ranks = Array.from({ length: Math.abs(last - first) + 1 }, (_, i) => first + i * step);
          return segment.outcome === null ? ranks : ranks.map((rank) => index.rowsOf(segment.outcome as number)[rank - 1] ?? 0);
        }),
      ),
    positionOf: (rowNumber) => {
      const found = index.rankOf(rowNumber);
      return found ? positionInView(segments, { rowNumber, ...found }) : null;
    },
  };
}
