import 'server-only';
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { DatabaseSchema } from '../db/schema';

// PostgreSQL runs at READ COMMITTED: a statement sees what was committed when it began, so two
// transactions (from any console instance) that count, or look for a row, and then write on what they
// saw can both see the same thing and both write. Holding a lock on the subject until commit makes
// them take turns: the second one's reads begin after the first one committed.
//
// Advisory locks, two-key form: the key space of the two-key form never meets the one-key form's
// (Kysely's migration lock), and `space` keeps one use's locks from another's. Two subjects whose
// hashes collide only take turns, they never count together.
//
// SQLite needs none of this: one writer at a time, and the console's reads-then-writes there are
// either one statement or run on its one connection in turn.

export const LOCK_SPACES = { signInThrottle: 0x5349_474e, signInTally: 0x5441_4c59 } as const;

/**
 * Locks each subject for the rest of the transaction (PostgreSQL only), in ascending key order, so
 * two transactions sharing several subjects never wait on each other in a circle.
 */
export async function lockSubjects(trx: Transaction<DatabaseSchema>, space: number, subjects: string[]): Promise<void> {
  if (!isPostgres(trx)) return;
  const keys = [...new Set(subjects.map((subject) => createHash('sha256').update(subject).digest().readInt32BE(0)))].sort((a, b) => a - b);
  for (const key of keys) await sql`select pg_advisory_xact_lock(${space}, ${key})`.execute(trx);
}
