import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '../api/api-error';
import type { Database } from '../db/database';
import { tryCountUse, windowStartOf } from '../db/usage-counters';

// Each person's budget of Zuora lookups made on their request, counted in the database so that
// however many console instances share it, a person has one budget, not one per instance.
//
// Fixed windows (lib/db/usage-counters.ts): one atomic statement per charge, on both databases. The
// price against the token bucket this replaces: across a window's boundary a person can spend up to
// two windows' worth in a short time (still bounded, and the per-process limit of lookups under way
// paces the calls), and a person who spent a window's worth waits until the window ends.

/** At most `limit` lookups per person per `windowMs`. */
export interface LookupBudget {
  name: string;
  limit: number;
  windowMs: number;
}

// A job page opened for a key the console does not follow: a handful a minute is a person at work,
// and the window lets them open a few dozen links at once.
export const PREVIEW_BUDGET: LookupBudget = { name: 'preview', limit: 30, windowMs: 5 * 60_000 };
// A registration checks each new key: one of the largest (200 keys, MAX_KEYS_PER_REGISTRATION) every ten minutes.
export const REGISTRATION_BUDGET: LookupBudget = { name: 'registration', limit: 200, windowMs: 10 * 60_000 };

/**
 * Takes `count` lookups from `who`'s budget, or throws a 429 that says when the window ends. All or
 * nothing: a refused registration checks no key at all.
 */
export async function chargeLookups(db: Database, who: string, budget: LookupBudget, count: number, now: number): Promise<void> {
  if (count <= 0) return;
  if (await tryCountUse(db, budgetSubject(budget, who), budget.limit, budget.windowMs, now, count)) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartOf(now, budget.windowMs) + budget.windowMs - now) / 1000));
  throw new ApiError(429, 'rate_limited', `You have asked Zuora about many mass actions in a short time; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

// The counters' subject has room for 300 characters; an identity can be longer (an email of 320).
function budgetSubject(budget: LookupBudget, who: string): string {
  const person = who.length <= 200 ? who : `sha256:${createHash('sha256').update(who).digest('hex')}`;
  return `lookups:${budget.name}:${person}`;
}
