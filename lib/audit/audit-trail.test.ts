import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { parseAuditFilter } from './audit-filter';
import { appendAuditEvent, eachAuditEventPage, listAuditEvents, listAuditEventsFor } from './audit-trail';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);

describeEachDatabase('the audit trail', (open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
    await appendAuditEvent(db, { email: 'olivia@example.com', role: 'operator', clientAddress: '10.0.0.1' }, { kind: 'registration', bulkKey: KEY_A, summary: 'Registered' });
    await appendAuditEvent(db, { email: 'olivia@example.com', role: 'operator' }, { kind: 'stop-request', bulkKey: KEY_A, summary: 'Stop requested', details: { reason: 'wrong mapping' }, zuora: { trackId: 't-1', requestId: 'r-1' } });
    await appendAuditEvent(db, { email: 'victor@example.com', role: 'viewer' }, { kind: 'sign-in', summary: 'Signed in' });
    await appendAuditEvent(db, { email: 'console' }, { kind: 'status-change', bulkKey: KEY_B, summary: 'Status changed' });
  });

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
    // LIKE's wildcards and its escape character are only letters typed.
    expect((await listAuditEvents(db, { actor: 'olivia_example' })).events).toHaveLength(0);
    expect((await listAuditEvents(db, { actor: '\\' })).events).toHaveLength(0);
    expect((await listAuditEvents(db, { actor: 'A@EX' })).events).toHaveLength(2);
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

  describe('a date range', () => {
    // Around the start and the end of 2026-11-29 in Los Angeles (UTC−08:00): 08:00 UTC that day and the next.
    const MOMENTS = ['2026-11-29T07:59:59.999Z', '2026-11-29T08:00:00.000Z', '2026-11-29T20:00:00.000Z', '2026-11-30T07:59:59.999Z', '2026-11-30T08:00:00.000Z'];
    beforeEach(async () => {
      for (const at of MOMENTS) await appendAuditEvent(db, { email: 'rita@example.com', role: 'admin' }, { kind: 'sessions-ended', summary: `at ${at}` }, new Date(at));
    });
    const summaries = async (filter: Parameters<typeof listAuditEvents>[1]) => (await listAuditEvents(db, { ...filter, kind: 'sessions-ended' })).events.map((e) => e.summary);

    it('keeps the entries from its first instant up to, not including, its last', async () => {
      expect(await summaries({ since: '2026-11-29T08:00:00.000Z', until: '2026-11-30T08:00:00.000Z' })).toEqual([
        'at 2026-11-30T07:59:59.999Z', 'at 2026-11-29T20:00:00.000Z', 'at 2026-11-29T08:00:00.000Z',
      ]);
      expect(await summaries({ since: '2026-11-30T07:59:59.999Z' })).toEqual(['at 2026-11-30T08:00:00.000Z', 'at 2026-11-30T07:59:59.999Z']);
      expect(await summaries({ until: '2026-11-29T08:00:00.000Z' })).toEqual(['at 2026-11-29T07:59:59.999Z']);
    });

    it("is the day in the console's zone when it comes from the page's From and To", async () => {
      const parsed = parseAuditFilter({ from: '2026-11-29', to: '2026-11-29', kind: 'sessions-ended' }, 'America/Los_Angeles');
      if (!parsed.ok) throw new Error(parsed.problem.message);
      expect((await listAuditEvents(db, parsed.filter)).events.map((e) => e.at)).toEqual(['2026-11-30T07:59:59.999Z', '2026-11-29T20:00:00.000Z', '2026-11-29T08:00:00.000Z']);
      const utc = parseAuditFilter({ from: '2026-11-30', to: '2026-11-30', kind: 'sessions-ended' }, 'UTC');
      if (!utc.ok) throw new Error(utc.problem.message);
      expect((await listAuditEvents(db, utc.filter)).events.map((e) => e.at)).toEqual(['2026-11-30T08:00:00.000Z', '2026-11-30T07:59:59.999Z']);
    });

    it('combines with the other filters and with paging', async () => {
      const first = await listAuditEvents(db, { actor: 'rita', since: '2026-11-29T08:00:00.000Z', until: '2026-11-30T08:00:00.000Z', limit: 2 });
      expect(first.events.map((e) => e.summary)).toEqual(['at 2026-11-30T07:59:59.999Z', 'at 2026-11-29T20:00:00.000Z']);
      const second = await listAuditEvents(db, { actor: 'rita', since: '2026-11-29T08:00:00.000Z', until: '2026-11-30T08:00:00.000Z', limit: 2, before: first.nextBefore! });
      expect(second.events.map((e) => e.summary)).toEqual(['at 2026-11-29T08:00:00.000Z']);
      expect(second.nextBefore).toBeNull();
    });
  });

  it('gives every matching entry, a page at a time, for an export', async () => {
    const pages: number[][] = [];
    for await (const page of eachAuditEventPage(db, { actor: 'olivia' }, 1)) pages.push(page.map((e) => e.id));
    expect(pages.flat()).toEqual((await listAuditEvents(db, { actor: 'olivia' })).events.map((e) => e.id));
    expect(pages).toHaveLength(2);
  });
});
