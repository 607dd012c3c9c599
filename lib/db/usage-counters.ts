import 'server-only';
import type { Database } from './database';

// Budgets counted in the database, so several console instances hand out one budget, not one each.
// Counting is one INSERT … ON CONFLICT DO UPDATE … WHERE count < limit: atomic on both databases.

/** Counts one use of `subject` in the window holding `now`; false (counting nothing) when `limit` is reached. */
export async function tryCountUse(db: Database, subject: string, limit: number, windowMs: number, now = Date.now()): Promise<boolean> {
  const windowStart = now - (now % windowMs);
  const counted = await db
    .insertInto('usage_counters')
    .values({ subject, window_start_ms: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['subject', 'window_start_ms']).doUpdateSet((eb) => ({ count: eb('usage_counters.count', '+', 1) })).where('usage_counters.count', '<', limit))
    .returning('count')
    .executeTakeFirst();
  return counted !== undefined;
}

/** Forgets windows that ended before `before`. */
export async function pruneUsage(db: Database, before: number): Promise<void> {
  await db.deleteFrom('usage_counters').where('window_start_ms', '<', before).execute();
}
