import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { listAuditEvents } from '../audit/audit-trail';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { tallyFailure } from './sign-in-events';

describeEachDatabase('failed sign-ins in the audit trail', (open) => {
  let db: Database;
  const windowMs = 15 * 60_000;
  const start = Date.UTC(2026, 11, 1, 9);
  beforeEach(async () => {
    db = await open();
    // The pool's connections open before the burst, so the failures really overlap in the database.
    await Promise.all(Array.from({ length: 10 }, () => sql`select 1`.execute(db)));
  });

  const failure = (reason: 'wrong email or password' | 'too many failed sign-ins', subject = 'account:k1') =>
    ({ who: 'unknown name #1a2b3c4d', address: '192.0.2.7', method: 'local account' as const, reason, subject });

  it('collapse into one entry per subject and window, with the count, however many arrive at once', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => tallyFailure(db, failure(i < 5 ? 'wrong email or password' : 'too many failed sign-ins'), windowMs, new Date(start + i))));
    const events = await db.selectFrom('audit_events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'sign-in-failed', actor_email: 'unknown name #1a2b3c4d', summary: 'Sign-in refused: wrong email or password' });
    const [tally] = await db.selectFrom('sign_in_tallies').selectAll().execute();
    expect(tally).toMatchObject({ audit_event_id: events[0]!.id, failed: 4, throttled: 95 });
    // The audit page shows the entry with its count.
    expect((await listAuditEvents(db)).events[0]?.repeats).toEqual({ failed: 4, throttled: 95, lastAt: new Date(start + 99).toISOString() });
  });

  it('opens a new entry once the window has passed, and keeps subjects apart', async () => {
    await tallyFailure(db, failure('wrong email or password'), windowMs, new Date(start));
    await tallyFailure(db, failure('wrong email or password', 'address:192.0.2.7'), windowMs, new Date(start + 1));
    await tallyFailure(db, failure('wrong email or password'), windowMs, new Date(start + windowMs + 1));
    expect(await db.selectFrom('audit_events').select('id').execute()).toHaveLength(3);
  });
});
