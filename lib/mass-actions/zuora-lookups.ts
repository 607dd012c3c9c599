import 'server-only';
import pLimit from 'p-limit';
import { ApiError } from '../api/api-error';
import { getZuoraClient, type ZuoraClient } from '../zuora/client';
import { ZuoraError } from '../zuora/errors';
import type { MassActionState } from './shared/types';

// Reading a mass action from Zuora because someone asked (a link to a key the console does not follow,
// a registration), as opposed to the paced refresher. Zuora's limits are the whole tenant's, so:
// - lookups of one key share one call, and a key Zuora does not know is remembered for a while;
// - at most a few lookups run at once, however many people and registrations ask;
// - each person has a budget of lookups; past it, a 429 with Retry-After.
// Kept in this process's memory: several console instances each keep their own.

const NOT_FOUND_REMEMBERED_MS = 5 * 60_000;
const CONCURRENT_LOOKUPS = 4;

/** A person's lookups: `capacity` at once, given back at `refillPerMinute`. */
export interface LookupBudget {
  name: string;
  capacity: number;
  refillPerMinute: number;
}

// A job page opened for a key the console does not follow: a handful a minute is a person at work.
export const PREVIEW_BUDGET: LookupBudget = { name: 'preview', capacity: 30, refillPerMinute: 6 };
// A registration checks each new key: one of the largest (200 keys) every ten minutes.
export const REGISTRATION_BUDGET: LookupBudget = { name: 'registration', capacity: 200, refillPerMinute: 20 };

type Lookup = { state: MassActionState; meta: { trackId: string | null; requestId: string | null } };

export class MassActionLookups {
  private readonly inFlight = new Map<string, Promise<Lookup>>();
  private readonly notFound = new Map<string, { error: ZuoraError; until: number }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly limit = pLimit(CONCURRENT_LOOKUPS);

  constructor(private readonly client: Pick<ZuoraClient, 'getMassAction'>, private readonly now: () => number = Date.now) {}

  /** Whether a lookup of `bulkKey` would reach Zuora (not remembered as unknown, not already under way). */
  needsCall(bulkKey: string): boolean {
    return !this.remembered(bulkKey) && !this.inFlight.has(bulkKey);
  }

  /**
   * Takes `count` lookups from `who`'s budget, or throws a 429 that says when to try again. All or
   * nothing: a refused registration checks no key at all.
   */
  charge(who: string, budget: LookupBudget, count = 1): void {
    if (count <= 0) return;
    const key = `${budget.name}|${who}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: budget.capacity, at: now };
    const tokens = Math.min(budget.capacity, bucket.tokens + ((now - bucket.at) / 60_000) * budget.refillPerMinute);
    if (tokens < count) {
      this.buckets.set(key, { tokens, at: now });
      const retryAfterSeconds = Math.max(1, Math.ceil(((Math.min(count, budget.capacity) - tokens) / budget.refillPerMinute) * 60));
      throw new ApiError(429, 'rate_limited', `You have asked Zuora about many mass actions in a short time; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
    this.buckets.set(key, { tokens: tokens - count, at: now });
  }

  /** Zuora's view of `bulkKey`: shared with any lookup of it under way, and a 404 remembered. */
  async lookUp(bulkKey: string): Promise<Lookup> {
    const remembered = this.remembered(bulkKey);
    if (remembered) throw remembered;
    let call = this.inFlight.get(bulkKey);
    if (!call) {
      call = this.limit(() => this.client.getMassAction(bulkKey)).catch((error: unknown) => {
        if (error instanceof ZuoraError && error.status === 404) this.notFound.set(bulkKey, { error, until: this.now() + NOT_FOUND_REMEMBERED_MS });
        throw error;
      }).finally(() => this.inFlight.delete(bulkKey));
      this.inFlight.set(bulkKey, call);
    }
    return call;
  }

  private remembered(bulkKey: string): ZuoraError | null {
    const entry = this.notFound.get(bulkKey);
    if (!entry) return null;
    if (entry.until > this.now()) return entry.error;
    this.notFound.delete(bulkKey);
    return null;
  }
}

const globalForLookups = globalThis as unknown as { massActionLookups?: MassActionLookups };

/** One per server process, so every request shares its calls, memory and budgets. */
export function getMassActionLookups(): MassActionLookups {
  globalForLookups.massActionLookups ??= new MassActionLookups(getZuoraClient());
  return globalForLookups.massActionLookups;
}
