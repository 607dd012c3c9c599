import { z } from 'zod';
import { messageTemplate } from './message-template';
import { rowsQuerySchema } from './rows-query';
import type { RowsQuery } from './types';

// Browser-safe: the job page's result view in its URL (outcome, q, template, sort, page, row) and back.

export interface ResultViewQuery extends RowsQuery {
  /** A row to land on and highlight (its number in the file). */
  row: number | null;
}

const rowSchema = z.coerce.number().int().min(1).max(100_000_000).nullable().catch(null);

/**
 * Lenient: a hand-edited link opens on the defaults for what it got wrong. Links made before error
 * groups had templates filter on one exact message (`error=`): they open on that message's group.
 */
export function parseResultViewQuery(params: URLSearchParams): ResultViewQuery {
  const get = (name: string) => params.get(name) ?? undefined;
  const oldError = get('error');
  const template = get('template') ?? (oldError ? messageTemplate(oldError) : undefined);
  const parsed = rowsQuerySchema.safeParse({ outcome: get('outcome'), search: get('q'), template, sort: get('sort'), page: get('page') });
  const base = parsed.success ? parsed.data : rowsQuerySchema.parse({});
  return { ...base, row: params.has('row') ? rowSchema.parse(get('row')) : null };
}

export function resultViewQueryString(query: ResultViewQuery): string {
  const params = new URLSearchParams();
  if (query.outcome !== 'all') params.set('outcome', query.outcome);
  if (query.search) params.set('q', query.search);
  if (query.template) params.set('template', query.template);
  if (query.sort !== 'row-asc') params.set('sort', query.sort);
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.row) params.set('row', String(query.row));
  return params.toString();
}
