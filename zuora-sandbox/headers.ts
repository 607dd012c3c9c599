import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Zuora's defaults for a production tenant: 50,000 API requests a minute, 40 in flight.
// The sandbox reports them faithfully but enforces neither: 429s come only from the faults API,
// so tests decide exactly when one happens.
export const RATE_LIMIT_PER_MINUTE = 50_000;
export const CONCURRENCY_LIMIT = 40;
const WINDOW_MS = 60_000;

/** Counts requests in fixed one-minute windows of the sandbox clock, and requests in flight. */
export class RequestMeter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private countInWindow = 0;
  inFlight = 0;

  constructor(private readonly now: () => number) {}

  hit(): { remaining: number; resetSeconds: number } {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.countInWindow = 0;
    }
    this.countInWindow += 1;
    return {
      remaining: Math.max(0, RATE_LIMIT_PER_MINUTE - this.countInWindow),
      resetSeconds: Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000)),
    };
  }
}

/** Sets the headers Zuora puts on every answer, whatever its status. */
export function applyZuoraHeaders(req: IncomingMessage, res: ServerResponse, meter: RequestMeter): void {
  const { remaining, resetSeconds } = meter.hit();
  res.setHeader('Zuora-Request-Id', randomUUID());
  const trackId = req.headers['zuora-track-id'];
  if (typeof trackId === 'string' && trackId !== '') res.setHeader('Zuora-Track-Id', trackId);
  // IETF draft v2 syntax, which is why the schema types RateLimit-Limit as a string.
  res.setHeader('RateLimit-Limit', `${RATE_LIMIT_PER_MINUTE};w=60`);
  res.setHeader('RateLimit-Remaining', String(remaining));
  res.setHeader('RateLimit-Reset', String(resetSeconds));
  res.setHeader('Concurrency-Limit-Type', 'Default');
  res.setHeader('Concurrency-Limit-Limit', String(CONCURRENCY_LIMIT));
  res.setHeader('Concurrency-Limit-Remaining', String(Math.max(0, CONCURRENCY_LIMIT - meter.inFlight)));
}
