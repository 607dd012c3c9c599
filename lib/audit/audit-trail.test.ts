import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { appendAuditEvent, listAuditEvents, listAuditEventsFor } from './audit-trail';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);

describe('the audit trail', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openDatabase(':memory:');
    await appendAuditEvent(db, { email: 'olivia@example.com', role: 'operator', clientAddress: '10.0.0.1' }, { kind: 'registration', bulkKey: KEY_A, summary: 'Registered' });
    await appendAuditEvent(db, { email: 'olivia@example.com', role: 'operator' }, { kind: 'stop-request', bulkKey: KEY_A, summary: 'Stop requested', details: { reason: 'wrong mapping' }, zuora: { trackId: 't-1', requestId: 'r-1' } });
    await appendAuditEvent(db, { email: 'victor@example.com', role: 'viewer' }, { kind: 'sign-in', summary: 'Signed in' });
    await appendAuditEvent(db, { email: 'console' }, { kind: 'status-change', bulkKey: KEY_B, summary: 'Status changed' });
  });
  afterEach(async () => db.destroy());

  it('refuses, in the database itself, to change or remove an entry', async () => {
    await expect(sql`update audit_events set summary = 'nothing happened'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect((await listAuditEvents(db)).events).toHaveLength(4);
  });

  it('lists newest first and filters by person, kind and bulk key', async () => {
    const all = await listAuditEvents(db);
    expect(all.events.map((e) => e.kind)).toEqual(['status-change', 'sign-in', 'stop-request', 'registration']);
    expect((await listAuditEvents(db, { actor: 'OLIVIA' })).events).toHaveLength(2);
    expect((await listAuditEvents(db, { actor: '%' })).events).toHaveLength(0);
    expect((await listAuditEvents(db, { kind: 'sign-in' })).events.map((e) => e.actorEmail)).toEqual(['victor@example.com']);
    expect((await listAuditEvents(db, { bulkKey: KEY_B })).events.map((e) => e.kind)).toEqual(['status-change']);
  });

  it('pages with a keyset', async () => {
    const first = await listAuditEvents(db, { limit: 3 });
    expect(first.events).toHaveLength(3);
    const second = await listAuditEvents(db, { limit: 3, before: first.nextBefore! });
    expect(second.events.map((e) => e.kind)).toEqual(['registration']);
    expect(second.nextBefore).toBeNull();
  });

  it("gives one mass action's trail oldest first, with Zuora's ids and the details", async () => {
    const trail = await listAuditEventsFor(db, KEY_A);
    expect(trail.map((e) => e.kind)).toEqual(['registration', 'stop-request']);
    expect(trail[1]).toMatchObject({ details: { reason: 'wrong mapping' }, zuoraTrackId: 't-1', zuoraRequestId: 'r-1', actorRole: 'operator' });
    expect(trail[0]?.clientAddress).toBe('10.0.0.1');
  });
});
