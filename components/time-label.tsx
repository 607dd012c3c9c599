'use client';

import { describeAgo } from '@/lib/mass-actions/shared/freshness';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatInZone } from '@/lib/shared/time';
import { zuoraTimeToInstant } from '@/lib/shared/zuora-times';
import { useNow } from './use-now';

/**
 * A moment, in the console's one zone with its offset and as a relative time that keeps counting:
 * "4 min ago" with the exact time on hover (`show="relative"`), or both side by side.
 */
export function TimeLabel({ at, timeZone, show = 'both' }: { at: string; timeZone: string; show?: 'relative' | 'both' }) {
  const now = useNow();
  const exact = formatInZone(at, timeZone);
  const ago = Date.parse(at) > now ? 'in the future' : describeAgo(now - Date.parse(at));
  // The server renders one "ago", the browser a second later another: not a mismatch worth a warning.
  return (
    <time dateTime={at} title={exact} suppressHydrationWarning>
      {show === 'relative' ? ago : `${exact} · ${ago}`}
    </time>
  );
}

/** One of Zuora's own times: placed in the tenant's zone when ZUORA_TIME_ZONE is set, else as Zuora wrote it, said so. */
export function ZuoraTime({ raw, environment, show = 'both' }: { raw: string | null; environment: EnvironmentInfo; show?: 'relative' | 'both' }) {
  const at = environment.isZuoraTimeZoneKnown ? zuoraTimeToInstant(raw, environment.timeZone) : null;
  if (at) return <TimeLabel at={at} timeZone={environment.timeZone} show={show} />;
  if (!raw) return <>—</>;
  return <span title="Zuora gives this time without a zone; set ZUORA_TIME_ZONE to the tenant's to place it in time">{raw} (Zuora time, zone not set)</span>;
}
