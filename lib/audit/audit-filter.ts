import 'server-only';
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { isBulkKey } from '../zuora/shared/bulk-key';
import type { AuditFilter } from './audit-trail';
import { AUDIT_KINDS, type AuditKind } from './shared/types';

/** The audit page's filters as its URL holds them; `from` and `to` are days (YYYY-MM-DD) in the console's zone. */
export interface AuditFilterParams {
  actor?: string;
  kind?: AuditKind;
  bulkKey?: string;
  from?: string;
  to?: string;
  /** A bulk stop: its own entry and each of its keys' stops. */
  batch?: number;
  before?: number;
}

export type DateField = 'from' | 'to';

export type ParsedAuditFilter =
  | { ok: true; params: AuditFilterParams; filter: AuditFilter }
  /** A date range that cannot be applied: said so, rather than answered with entries it does not ask for. */
  | { ok: false; params: AuditFilterParams; problem: { message: string; fields: DateField[] } };

type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const optionalText = (maxLength: number) =>
  z.preprocess(firstValue, z.string().trim().transform((value) => value.slice(0, maxLength) || undefined).optional()).catch(undefined);

// Lenient: a hand-edited or old link still opens, without what it got wrong. The dates are kept
// as typed here and checked below, because dropping a bad one would list entries outside the range asked for.
const paramsSchema = z.object({
  actor: optionalText(320),
  kind: z.preprocess(firstValue, z.enum(AUDIT_KINDS).optional()).catch(undefined),
  bulkKey: z.preprocess(firstValue, z.string().trim().refine(isBulkKey).optional()).catch(undefined),
  from: optionalText(40),
  to: optionalText(40),
  batch: z.preprocess(firstValue, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()).catch(undefined),
  before: z.preprocess(firstValue, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()).catch(undefined),
});

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LABELS: Record<DateField, string> = { from: 'From', to: 'To' };

function isCalendarDay(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1970 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const day = (field: DateField) =>
  z.string()
    .regex(DAY, { error: (issue) => `“${LABELS[field]}” must be a date written YYYY-MM-DD, such as 2026-11-29; “${String(issue.input)}” is not.`, abort: true })
    .refine(isCalendarDay, { error: (issue) => `“${LABELS[field]}”: ${String(issue.input)} is not a day in the calendar (from 1970 on).` })
    .optional();

// Days written YYYY-MM-DD compare as text in calendar order.
const rangeSchema = z.object({ from: day('from'), to: day('to') }).refine(({ from, to }) => !from || !to || from <= to, {
  error: (issue) => {
    const { from, to } = issue.input as { from: string; to: string };
    return `The dates are the wrong way round: “From” (${from}) is after “To” (${to}). Swap them, or change one.`;
  },
});

/** The first instant of `day` (YYYY-MM-DD), plus `addDays`, in `timeZone`, as the trail writes instants. */
function startOfDay(day: string, timeZone: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date + addDays, 0, 0, 0, timeZone).getTime()).toISOString();
}

/**
 * The audit page's and the export's filter from the URL. `from` and `to` are whole days in the
 * console's zone (the one every time on the page is shown in), both included.
 */
export function parseAuditFilter(searchParams: SearchParams, timeZone: string): ParsedAuditFilter {
  const raw = searchParams instanceof URLSearchParams ? Object.fromEntries(searchParams) : searchParams;
  const params = stripUndefined(paramsSchema.parse(raw));
  const range = rangeSchema.safeParse({ from: params.from, to: params.to });
  if (!range.success) {
    const issue = range.error.issues[0]!;
    const field = issue.path[0];
    return { ok: false, params, problem: { message: issue.message, fields: field === 'from' || field === 'to' ? [field] : ['from', 'to'] } };
  }
  const { from, to, batch, ...rest } = params;
  return {
    ok: true,
    params,
    filter: { ...rest, ...(batch ? { batchId: batch } : {}), ...(from ? { since: startOfDay(from, timeZone) } : {}), ...(to ? { until: startOfDay(to, timeZone, 1) } : {}) },
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function auditFilterQuery(filter: AuditFilterParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  return query ? `?${query}` : '';
}
