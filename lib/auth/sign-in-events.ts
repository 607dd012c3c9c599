import 'server-only';
import { headers } from 'next/headers';
import { appendAuditEvent } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase, type Database } from '../db/database';
import { getLogger } from '../log';
import { clientAddress } from './client-address';
import { LOCK_SPACES, lockSubjects } from './subject-locks';

/** The address of the request being handled (next-auth runs inside our route handler). */
export async function requestAddress(): Promise<string> {
  return clientAddress(await headers(), getConfig().auth.trustedProxyHops);
}

interface SignIn {
  /** The account's email, a verified SSO email, `sso:<subject>`, or a typed name's tag (typed-name.ts). */
  who: string;
  name?: string | null;
  role?: string | null;
  address: string;
  method: 'local account' | 'single sign-on';
}

export async function recordSignIn(signIn: SignIn): Promise<void> {
  getLogger().info({ auth: { event: 'sign-in', who: signIn.who, address: signIn.address, method: signIn.method } }, 'sign-in');
  await appendAuditEvent(
    await getDatabase(),
    { email: signIn.who, name: signIn.name, role: signIn.role, clientAddress: signIn.address },
    { kind: 'sign-in', summary: `Signed in with a ${signIn.method}`, details: { method: signIn.method } },
  );
}

interface FailedSignIn extends SignIn {
  reason: 'wrong email or password' | 'too many failed sign-ins' | 'no console role';
  /** What the failure is tallied under: the account's throttle subject, or the address's when the address limit refused it. */
  subject: string;
}

/**
 * A failed or throttled sign-in. The first one for a subject in a throttle window is written to the
 * audit trail; the ones after it in that window only add to its tally (sign_in_tallies, shown with
 * the entry), so a burst of guesses cannot fill the append-only trail.
 */
export async function recordFailedSignIn(failure: FailedSignIn, now = new Date()): Promise<void> {
  getLogger().info({ auth: { event: 'sign-in-failed', who: failure.who, address: failure.address, reason: failure.reason } }, 'sign-in refused');
  await tallyFailure(await getDatabase(), failure, getConfig().auth.throttle.windowMs, now);
}

export async function tallyFailure(db: Database, failure: FailedSignIn, windowMs: number, now: Date): Promise<void> {
  const isThrottled = failure.reason === 'too many failed sign-ins';
  // One transaction, the subject locked (on PostgreSQL; SQLite runs them in turn): concurrent
  // failures of one subject, from any instance, find the same open window instead of opening one each.
  await db.transaction().execute(async (trx) => {
    await lockSubjects(trx, LOCK_SPACES.signInTally, [failure.subject]);
    const open = await trx.selectFrom('sign_in_tallies').select('audit_event_id')
      .where('subject', '=', failure.subject).where('window_ends_ms', '>', now.getTime()).orderBy('window_ends_ms', 'desc').executeTakeFirst();
    if (open) {
      await trx.updateTable('sign_in_tallies')
        .set((eb) => ({ [isThrottled ? 'throttled' : 'failed']: eb(isThrottled ? 'throttled' : 'failed', '+', 1), last_at: now.toISOString() }))
        .where('audit_event_id', '=', open.audit_event_id).execute();
      return;
    }
    const eventId = await appendAuditEvent(
      trx,
      { email: failure.who, name: failure.name, role: failure.role, clientAddress: failure.address },
      { kind: 'sign-in-failed', summary: `Sign-in refused: ${failure.reason}`, details: { method: failure.method, reason: failure.reason } },
      now,
    );
    await trx.insertInto('sign_in_tallies').values({ audit_event_id: eventId, subject: failure.subject, window_ends_ms: now.getTime() + windowMs, failed: 0, throttled: 0, last_at: now.toISOString() }).execute();
  });
}
