import 'server-only';

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After we wait inside one call; beyond it the error goes to the caller. */
  maxRetryAfterMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 300, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** Exponential backoff with full jitter (AWS architecture blog), so retrying callers spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round((options.random ?? Math.random)() * ceiling);
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function retryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** What the retry rules need to know of a call. */
export interface RepeatableCall {
  method: string;
  idempotent: boolean;
  idempotencyKey?: string;
}

/**
 * Whether a call that reached Zuora may be sent again. A POST only with an Idempotency-Key: Zuora
 * then starts it at most once and answers a repeat with the first result, so a retry after a timeout
 * either creates the mass action or replays it. Without a key a POST is sent once, whatever happens:
 * a timed-out upload may have started a mass action that a second one would duplicate.
 */
export function mayResend(call: RepeatableCall): boolean {
  return call.method === 'POST' ? Boolean(call.idempotencyKey) : call.idempotent;
}

/** Whether a failed call is worth another attempt, the error being retryable and within budget. */
export function mayRetry(call: RepeatableCall, error: { kind: string; status: number | null }): boolean {
  // Without a token the call never left: the next attempt is its first.
  if (error.kind === 'token') return true;
  if (call.method === 'POST') return mayResend(call);
  // A 429 was certainly not processed.
  return mayResend(call) || error.status === 429;
}
