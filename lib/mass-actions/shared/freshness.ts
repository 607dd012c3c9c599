import { formatDuration } from '../../shared/format';

// Browser-safe: how old a value read from Zuora is, told honestly. Ages are counted on the server's
// clock (the answer says when Zuora was read and when the answer was made), so a browser whose clock
// is off still shows the right age.

/** The offset to add to a server time to get the browser's: when the answer arrived minus when it was made. */
export function clockSkewMs(generatedAt: string, receivedAt: number): number {
  return receivedAt - Date.parse(generatedAt);
}

/** How long ago, at the browser's `now`, Zuora was read for a value; null when it never was. */
export function zuoraAgeMs(refreshedAt: string | null, skewMs: number, now: number): number | null {
  return refreshedAt ? Math.max(0, now - (Date.parse(refreshedAt) + skewMs)) : null;
}

/** Older than two refresh intervals: the refresh is not keeping up (Zuora failing, refresh paused). */
export function isStale(ageMs: number | null, intervalMs: number): boolean {
  return ageMs !== null && ageMs > 2 * intervalMs;
}

/** "just now", "12 s ago", "4 min ago", "2 h 5 min ago". */
export function describeAgo(ageMs: number): string {
  return ageMs < 1500 ? 'just now' : `${formatDuration(ageMs)} ago`;
}
