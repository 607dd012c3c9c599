import { formatDuration } from '@/lib/shared/format';

/** The Stopping watchdog: Zuora normally stops within moments; past the threshold, say so. */
export function StuckFlag({ stoppingSince, stuckAfterMs, now }: { stoppingSince: string | null; stuckAfterMs: number; now: string }) {
  if (!stoppingSince) return null;
  const forMs = Date.parse(now) - Date.parse(stoppingSince);
  if (forMs < stuckAfterMs) return null;
  return (
    <p role="status" className="mt-1 text-xs font-semibold text-status-stopping">
      Stuck in Stopping for {formatDuration(forMs)}
    </p>
  );
}
