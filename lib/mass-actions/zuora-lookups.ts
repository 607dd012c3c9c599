import 'server-only';
import pLimit from 'p-limit';
import { ApiError } from '../api/api-error';
import type { Database } from '../db/database';
import { getZuoraClient, type ZuoraClient } from '../zuora/client';
import { ZuoraError } from '../zuora/errors';
import { chargeLookups, type LookupBudget } from './lookup-budgets';
import type { MassActionState } from './shared/types';

export { PREVIEW_BUDGET, REGISTRATION_BUDGET, type LookupBudget } from './lookup-budgets';

// Reading a mass action from Zuora because someone asked (a link to a key the console does not follow,
// a registration), as opposed to the paced refresher. Zuora's limits are the whole tenant's, so:
// - each person has a budget of lookups; past it, a 429 with Retry-After. Counted in the database
//   (lookup-budgets.ts): it is the defence, and several instances must not each grant a budget.
// - lookups of one key share one call, and a key Zuora does not know is remembered for a while. Kept
//   in this process's memory: they only spare calls someone's budget already allows, so an instance
//   that repeats another's call costs Zuora one call more, never a call past a budget.
// - at most a few lookups run at once in this process, however many people and registrations ask.
//   Also per process: N instances may run N times as many at once, which is still a few, well inside
//   Zuora's concurrency limit; sharing it would cost a database round trip per call for little.

const NOT_FOUND_REMEMBERED_MS = 5 * 60_000;
const CONCURRENT_LOOKUPS = 4;

type Lookup = { state: MassActionState; meta: { trackId: string | null; requestId: string | null } };

/** Whose budget pays for a lookup, when it takes a call of its own. */
export interface Payer {
  db: Database;
  who: string;
  budget: LookupBudget;
}

export class MassActionLookups {
  private readonly inFlight = new Map<string, { call: Promise<Lookup>; paidBy: string | null }>();
  private readonly notFound = new Map<string, { error: ZuoraError; until: number }>();
  private readonly limit = pLimit(CONCURRENT_LOOKUPS);

  constructor(private readonly client: Pick<ZuoraClient, 'getMassAction'>, private readonly now: () => number = Date.now) {}

  /** Whether a lookup of `bulkKey` would reach Zuora (not remembered as unknown, not already under way). */
  needsCall(bulkKey: string): boolean {
    return !this.remembered(bulkKey) && !this.inFlight.has(bulkKey);
  }

  /** Takes `count` lookups from `who`'s budget, or throws a 429 that says when to try again (lookup-budgets.ts). */
  async charge(db: Database, who: string, budget: LookupBudget, count = 1): Promise<void> {
    await chargeLookups(db, who, budget, count, this.now());
  }

  /**
   * Zuora's view of `bulkKey`: shared with any lookup of it under way, and a 404 remembered. With a
   * `payer`, a lookup that needs a call of its own is charged to them first; without, it was paid for.
   */
  async lookUp(bulkKey: string, payer?: Payer): Promise<Lookup> {
    for (;;) {
      const remembered = this.remembered(bulkKey);
      if (remembered) throw remembered;
      const joined = this.inFlight.get(bulkKey);
      if (!joined) return this.start(bulkKey, payer).call;
      try {
        return await joined.call;
      } catch (error) {
        // Someone else's budget refused the call this one joined: this one may still have room.
        const isOthersRefusal = error instanceof ApiError && error.status === 429 && joined.paidBy !== (payer?.who ?? null);
        if (!isOthersRefusal) throw error;
      }
    }
  }

  // Registered before its first await, so lookups of the key arriving meanwhile join it (and pay nothing).
  private start(bulkKey: string, payer: Payer | undefined) {
    const call = (async () => {
      if (payer) await this.charge(payer.db, payer.who, payer.budget);
      return this.limit(() => this.client.getMassAction(bulkKey));
    })().catch((error: unknown) => {
      if (error instanceof ZuoraError && error.status === 404) this.notFound.set(bulkKey, { error, until: this.now() + NOT_FOUND_REMEMBERED_MS });
      throw error;
    }).finally(() => this.inFlight.delete(bulkKey));
    const entry = { call, paidBy: payer?.who ?? null };
    this.inFlight.set(bulkKey, entry);
    return entry;
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

/** One per server process, so every request of the process shares its calls and its 404 memory. */
export function getMassActionLookups(): MassActionLookups {
  globalForLookups.massActionLookups ??= new MassActionLookups(getZuoraClient());
  return globalForLookups.massActionLookups;
}
