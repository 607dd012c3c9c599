import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { LOCK_SPACES, lockSubjects } from './subject-locks';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

/** An attempt that may check its password, or the limit that refused it and for how long. */
export type AttemptVerdict = { isAllowed: true; attemptId: string } | { isAllowed: false; refusedBy: 'account' | 'address'; waitMs: number };

class Refused extends Error {
  constructor(readonly refusedBy: 'account' | 'address') {
    super(`refused by the ${refusedBy} limit`);
  }
}

/**
 * Failed sign-ins counted per account name (known or not, so the throttle says nothing about which
 * accounts exist; `accountKey` is a keyed hash, so a password typed as a name is never stored) and per
 * client address, over a sliding window, in the database so several console instances share the count.
 *
 * An attempt reserves its place before its password is checked, as if it will fail: however many
 * arrive at once, at most the limit are ever checked. One that succeeds gives its place back.
 */
export class SignInThrottle {
  constructor(private readonly db: Database, private readonly limits: ThrottleLimits, private readonly now: () => number = Date.now) {}

  async begin(accountKey: string, address: string): Promise<AttemptVerdict> {
    const at = this.now();
    const attemptId = randomUUID();
    const subjects = [
      { subject: `account:${accountKey}`, max: this.limits.maxFailuresPerAccount, refusedBy: 'account' as const },
      { subject: `address:${address}`, max: this.limits.maxFailuresPerAddress, refusedBy: 'address' as const },
    ];
    try {
      await this.db.transaction().execute(async (trx) => {
        await lockSubjects(trx, LOCK_SPACES.signInThrottle, subjects.map((s) => s.subject));
        for (const { subject, max, refusedBy } of subjects) {
          // One statement that counts and inserts: SQLite takes the write lock before it reads, so two
          // attempts (from any process) cannot both see room for one; on PostgreSQL, the locks above see to it.
          const inserted = await sql`
            insert into sign_in_failures (subject, at_ms, attempt_id)
            select ${subject}, ${at}, ${attemptId}
            where (select count(*) from sign_in_failures where subject = ${subject} and at_ms > ${at - this.limits.windowMs}) < ${max}`.execute(trx);
          if (Number(inserted.numAffectedRows ?? 0) === 0) throw new Refused(refusedBy);
        }
      });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const { subject, max } = subjects.find((s) => s.refusedBy === error.refusedBy)!;
      return { isAllowed: false, refusedBy: error.refusedBy, waitMs: await this.waitFor(subject, max, at) };
    }
    await this.db.deleteFrom('sign_in_failures').where('at_ms', '<=', at - this.limits.windowMs).execute();
    return { isAllowed: true, attemptId };
  }

  /** A successful sign-in gives its place back and forgives the account's failures (not the address's). */
  async succeed(attemptId: string, accountKey: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where((eb) => eb.or([eb('attempt_id', '=', attemptId), eb('subject', '=', `account:${accountKey}`)])).execute();
  }

  /** Until the oldest of the failures that fill the limit leaves the window. */
  private async waitFor(subject: string, max: number, at: number): Promise<number> {
    const counted = await this.db
      .selectFrom('sign_in_failures').select('at_ms').where('subject', '=', subject).where('at_ms', '>', at - this.limits.windowMs)
      .orderBy('at_ms', 'desc').limit(max).execute();
    const oldest = counted.at(-1)?.at_ms;
    return oldest === undefined ? 1000 : Math.max(1000, Number(oldest) + this.limits.windowMs - at);
  }
}
