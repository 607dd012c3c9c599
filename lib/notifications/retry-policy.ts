import 'server-only';

// When a failed delivery is tried again: exponential backoff with jitter, so a receiver that is down
// gets a trickle, not a storm, and instances that failed at the same moment drift apart. The next
// time is written in the row (next_attempt_at), so every instance honours it.

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the delivery is 'failed'. */
  maxAttempts: number;
  /** The wait after the first failure; each later one doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** ± this share of the wait, at random. */
  jitter: number;
}

/** 1 s, 2 s, 4 s … 256 s (capped at 5 min): ten attempts over about eight and a half minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 300_000, jitter: 0.2 };

/** The wait after the `attempts`-th failed attempt; a receiver's Retry-After is honoured up to the cap. */
export function retryDelayMs(attempts: number, policy: RetryPolicy, retryAfterMs: number | null = null, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (1 - policy.jitter + 2 * policy.jitter * random());
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

export function isLastAttempt(attempts: number, policy: RetryPolicy): boolean {
  return attempts >= policy.maxAttempts;
}
