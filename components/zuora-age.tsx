'use client';

import { describeAgo, isStale, zuoraAgeMs } from '@/lib/mass-actions/shared/freshness';
import { formatInZone } from '@/lib/shared/time';
import { useNow } from './use-now';

/** What a view needs to tell the age of its values: the server-to-browser clock offset and the refresh interval. */
export interface Freshness {
  skewMs: number;
  intervalMs: number;
  /** The console's one zone for times on screen. */
  timeZone: string;
}

/** "read 3 s ago" beside a value from Zuora; amber, and saying so, once it is older than two intervals. */
export function ZuoraAge({ refreshedAt, freshness, prefix = 'read', isFinal = false }: { refreshedAt: string | null; freshness: Freshness; prefix?: string; isFinal?: boolean }) {
  const age = zuoraAgeMs(refreshedAt, freshness.skewMs, useNow());
  if (age === null) return <span className="text-xs text-slate-500">not read from Zuora yet</span>;
  const at = formatInZone(refreshedAt!, freshness.timeZone);
  // A finished mass action does not change any more: its last read is as current as it gets.
  if (isFinal) return <span className="text-xs text-slate-500" title={`Read from Zuora at ${at}`}>{prefix} {describeAgo(age)} · final</span>;
  return isStale(age, freshness.intervalMs)
    ? <span className="text-xs font-medium text-amber-800" title={`Read from Zuora at ${at}`}>{prefix} {describeAgo(age)} · not current</span>
    : <span className="text-xs text-slate-500" title={`Read from Zuora at ${at}`}>{prefix} {describeAgo(age)}</span>;
}

/** Whether values read at `refreshedAt` are stale now (dim them). */
export function useIsStale(refreshedAt: string | null, freshness: Freshness): boolean {
  return isStale(zuoraAgeMs(refreshedAt, freshness.skewMs, useNow()), freshness.intervalMs);
}
