import 'server-only';
import { isBulkKey } from '../zuora/shared/bulk-key';
import { AUDIT_KINDS, type AuditKind } from './shared/types';

export interface AuditFilterParams {
  actor?: string;
  kind?: AuditKind;
  bulkKey?: string;
  before?: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The audit page's filters from its URL; anything malformed is dropped rather than trusted. */
export function parseAuditFilter(params: SearchParams): AuditFilterParams {
  const kind = first(params.kind);
  const bulkKey = first(params.bulkKey);
  const before = Number(first(params.before));
  return {
    actor: first(params.actor)?.slice(0, 320),
    kind: (AUDIT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as AuditKind) : undefined,
    bulkKey: isBulkKey(bulkKey) ? bulkKey : undefined,
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  };
}

export function auditFilterQuery(filter: AuditFilterParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  return query ? `?${query}` : '';
}
