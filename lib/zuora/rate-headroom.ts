import 'server-only';
import { parseRetryAfter } from './retry-policy';

// Zuora states its rate budget on every answer (RateLimit-Remaining, RateLimit-Reset in seconds) and
// its concurrency (Concurrency-Limit-Remaining). A burst of calls, a bulk stop of a hundred mass
// actions, should slow down as the budget runs out rather than run into 429s: once fewer than the
// reserve remain, new calls from this process wait for the window to reset. Each instance keeps its
// own view; the reserve leaves room for the others and for the people using Zuora's own pages.

export interface RateHeadroomOptions {
  /** Calls kept in hand: never spent by this console. */
  reserve?: number;
  /** The longest one call waits for a window to reset; Zuora's windows are a minute. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class RateHeadroom {
  private remaining: number | null = null;
  private resetsAt = 0;
  private readonly reserve: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateHeadroomOptions = {}) {
    this.reserve = options.reserve ?? 20;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Reads the budget an answer states; answers without the headers (a gateway's) change nothing. A 429's
   * Retry-After is the more precise word on when to call again: the window's reset may be a minute off.
   */
  observe(headers: Headers, status: number): void {
    const retryAfterMs = status === 429 ? parseRetryAfter(headers.get('retry-after'), this.now()) : null;
    if (retryAfterMs !== null) {
      this.remaining = 0;
      this.resetsAt = this.now() + retryAfterMs;
      return;
    }
    const remaining = wholeNumber(headers.get('ratelimit-remaining'));
    const resetSeconds = wholeNumber(headers.get('ratelimit-reset'));
    if (remaining === null) return;
    this.remaining = remaining;
    this.resetsAt = this.now() + (resetSeconds ?? 1) * 1000;
  }

  /** Resolves when a call may be sent: at once while the budget lasts, else when the window resets. */
  async waitForTurn(): Promise<void> {
    const now = this.now();
    if (this.remaining === null || now >= this.resetsAt) return;
    if (this.remaining > this.reserve) {
      // Counted down here too, so a burst sent before the next answer arrives cannot overspend.
      this.remaining -= 1;
      return;
    }
    await this.sleep(Math.min(this.resetsAt - now, this.maxWaitMs));
  }
}

function wholeNumber(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}
