import 'server-only';
import type { Database } from './database';

// Budgets counted in the database, so several console instances hand out one budget, not one each.
// Counting is one INSERT … ON CONFLICT DO UPDATE … WHERE count + amount <= limit: atomic on both
// databases (SQLite serialises writers; PostgreSQL re-checks the WHERE on the row as the last writer
// left it, whatever the isolation level).

/** No counter's window is longer than this: counters of windows that began before it are pruned. */
export const USAGE_WINDOW_AT_MOST_MS = 24 * 3_600_000;

/**
 * Counts `amount` uses of `subject` in the window holding `now`; false, counting nothing, when they
 * would take the window past `limit`. All or nothing: a batch either fits whole or is refused whole.
 */
export async function tryCountUse(db: Database, subject: string, limit: number, windowMs: number, now = Date.now(), amount = 1): Promise<boolean> {
  // The INSERT branch has no WHERE: a first use past the limit must be refused before it.
  if (amount > limit) return false;
  const windowStart = windowStartOf(now, windowMs);
  const counted = await db
    .insertInto('usage_counters')
    .values({ subject, window_start_ms: windowStart, count: amount })
    .onConflict((oc) =>
      oc.columns(['subject', 'window_start_ms'])
        .doUpdateSet((eb) => ({ count: eb('usage_counters.count', '+', amount) }))
        .where((eb) => eb(eb('usage_counters.count', '+', amount), '<=', limit)),
    )
    .returning('count')
    .executeTakeFirst();
  return counted !== undefined;
}

/** The start of the window holding `now`: windows are aligned to the epoch, so every instance agrees on them. */
export function windowStartOf(now: number, windowMs: number): number {
  return now - (now % windowMs);
}

/** Forgets windows that began before `before`. */
export async function pruneUsage(db: Database, before: number): Promise<void> {
  await db.deleteFrom('usage_counters').where('window_start_ms', '<', before).execute();
}
