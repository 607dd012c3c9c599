import 'server-only';
import type { Database } from '../db/database';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

const accountSubject = (email: string) => `account:${email.toLowerCase()}`;
const addressSubject = (address: string) => `address:${address}`;

/**
 * Failed sign-ins counted per typed account name (known or not, so the throttle says nothing about
 * which accounts exist) and per client address, over a sliding window, in the database so several
 * console instances share the count.
 */
export class SignInThrottle {
  constructor(private readonly db: Database, private readonly limits: ThrottleLimits, private readonly now: () => number = Date.now) {}

  /** Milliseconds until another attempt is allowed; 0 when it is allowed now. */
  async waitBeforeAttempt(email: string, address: string | null): Promise<number> {
    const since = this.now() - this.limits.windowMs;
    const checks: [string, number][] = [[accountSubject(email), this.limits.maxFailuresPerAccount]];
    if (address) checks.push([addressSubject(address), this.limits.maxFailuresPerAddress]);
    let wait = 0;
    for (const [subject, max] of checks) {
      const failures = await this.db
        .selectFrom('sign_in_failures').select('at_ms').where('subject', '=', subject).where('at_ms', '>', since)
        .orderBy('at_ms', 'desc').limit(max).execute();
      const oldestCounted = failures.at(-1)?.at_ms;
      if (failures.length >= max && oldestCounted !== undefined) wait = Math.max(wait, oldestCounted + this.limits.windowMs - this.now());
    }
    return wait;
  }

  async recordFailure(email: string, address: string | null): Promise<void> {
    const at = this.now();
    const rows = [{ subject: accountSubject(email), at_ms: at }];
    if (address) rows.push({ subject: addressSubject(address), at_ms: at });
    await this.db.insertInto('sign_in_failures').values(rows).execute();
    await this.db.deleteFrom('sign_in_failures').where('at_ms', '<=', at - this.limits.windowMs).execute();
  }

  /** A successful sign-in forgives the account's failures (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('subject', '=', accountSubject(email)).execute();
  }
}
