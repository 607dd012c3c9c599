import 'server-only';
import type { Database } from '../db/database';
import { pruneUsage, USAGE_WINDOW_AT_MOST_MS } from '../db/usage-counters';

// What sign-ins and lookups leave behind, removed once it can no longer decide anything, so the
// tables stay the size of the current hours rather than of the console's whole life. The audit trail
// and its sign-in tallies are records, not leftovers: they are never pruned.

const EVERY_MS = 10 * 60_000;

export interface Retention {
  sessionMaxAgeMs: number;
  throttleWindowMs: number;
}

/**
 * Sessions whose maximum age has passed (ended or not): no cookie for them can be valid any more,
 * and one replayed anyway finds no row and is refused as an unknown session. A session ended earlier
 * keeps its row until then, so a replayed cookie is logged with why it ended. Failed sign-ins past
 * the throttle's window; usage counters of windows long over.
 */
export async function pruneLeftovers(db: Database, retention: Retention, now = Date.now()): Promise<{ sessions: number; failures: number }> {
  const sessions = await db.deleteFrom('console_sessions').where('created_at', '<=', new Date(now - retention.sessionMaxAgeMs).toISOString()).executeTakeFirst();
  const failures = await db.deleteFrom('sign_in_failures').where('at_ms', '<=', now - retention.throttleWindowMs).executeTakeFirst();
  await pruneUsage(db, now - USAGE_WINDOW_AT_MOST_MS);
  return { sessions: Number(sessions.numDeletedRows), failures: Number(failures.numDeletedRows) };
}

let lastRunAt = Number.NEGATIVE_INFINITY;

/**
 * pruneLeftovers at most every ten minutes per process, on a sign-in: no timer to run, and each
 * instance that signs people in prunes for all (the deletes are idempotent). Never fails: a sign-in
 * does not wait for it, nor fail with it.
 */
export async function pruneNowAndThen(db: Database, retention: Retention, onError: (error: unknown) => void, now = Date.now()): Promise<void> {
  if (now - lastRunAt < EVERY_MS) return;
  lastRunAt = now;
  await pruneLeftovers(db, retention, now).then(() => undefined, onError);
}
