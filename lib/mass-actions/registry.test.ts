import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { findMassAction, forgetDemoRegistrations, listMassActions, listUnfinished, recordRefresh, recordStopAccepted, registerMassAction } from './registry';
import { listQuerySchema, type ListQuery } from './shared/list-query';
import type { MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';

// The list's search, sort, counts and pages in SQL, the same on both databases.

const key = (c: string) => c.repeat(32);
const state = (status: MassActionStatus, more: Partial<MassActionState> = {}): MassActionState => ({
  actionType: 'UpdateAccountingCode', status, totalCount: 100, processedCount: 40, successCount: 40, errorCount: 0,
  inputSize: 10, outputSize: null, outputType: null, outputUrl: null, uploadedBy: 'uploader@example.com', uploadedOn: '2026-12-01 08:00:00',
  startedOn: null, endedOn: null, ...more,
});
const AT = new Date('2026-12-01T09:00:00.000Z');
const query = (q: Partial<ListQuery>) => listQuerySchema.parse({ tab: 'all', ...q });
const keysOf = async (db: Database, q: Partial<ListQuery>) => (await listMassActions(db, query(q))).items.map((i) => i.bulkKey[0]);

describeEachDatabase('the registry', (open, kind) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
    // Registered in one instant: the sort's ties are broken by the key, in the sort's direction.
    const seeds: [string, string | null, MassActionState | null][] = [
      ['a', 'Fix accounts.csv', state('Processing')],
      ['b', null, state('Completed', { actionType: 'CreateInvoice', uploadedBy: 'Olivia@Example.com' })],
      ['c', 'discount 50%_off', state('Stopped')],
      ['d', 'discount 50 off', state('Failed', { uploadedOn: '2026-11-30 08:00:00' })],
      ['e', 'zebra', null],
    ];
    for (const [c, label, s] of seeds) {
      await registerMassAction(db, { bulkKey: key(c), label, registeredBy: 'olivia@example.com', via: 'form' }, AT);
      if (s) await recordRefresh(db, key(c), s, AT);
    }
  });

  it('registers a key once', async () => {
    expect(await registerMassAction(db, { bulkKey: key('a'), label: 'again', registeredBy: 'vic@example.com', via: 'link' }, AT)).toBe('already_known');
    expect(await findMassAction(db, key('a'))).toMatchObject({ label: 'Fix accounts.csv', registeredBy: 'olivia@example.com', registeredVia: 'form' });
    expect(await findMassAction(db, key('f'))).toBeNull();
  });

  it('searches key, label, action type and uploader, whatever the case, with % and _ as typed', async () => {
    expect(await keysOf(db, { q: 'FIX' })).toEqual(['a']);
    expect(await keysOf(db, { q: 'olivia@example' })).toEqual(['b']);
    expect(await keysOf(db, { q: 'createinv' })).toEqual(['b']);
    expect(await keysOf(db, { q: '50%_' })).toEqual(['c']);
    expect(await keysOf(db, { q: '50%' })).toEqual(['c']);
    expect(await keysOf(db, { q: '0_o' })).toEqual([]);
    expect(await keysOf(db, { q: 'eeee' })).toEqual(['e']);
  });

  it('counts each tab, and a search counts what it matches', async () => {
    expect((await listMassActions(db, query({}))).counts).toEqual({ active: 2, completed: 1, stopped: 1, failed: 1, all: 5 });
    const discounts = await listMassActions(db, query({ q: 'discount', tab: 'stopped' }));
    expect([discounts.total, discounts.counts]).toEqual([1, { active: 0, completed: 0, stopped: 1, failed: 1, all: 2 }]);
    expect((await listMassActions(db, query({ tab: 'active' }))).items.map((i) => i.bulkKey[0])).toEqual(['e', 'a']);
  });

  it('sorts with ties broken by the key, and what is missing first going up, last going down', async () => {
    expect(await keysOf(db, { sort: 'registered', dir: 'desc' })).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await keysOf(db, { sort: 'registered', dir: 'asc' })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await keysOf(db, { sort: 'label', dir: 'asc' })).toEqual(['b', 'a', 'd', 'c', 'e']);
    expect(await keysOf(db, { sort: 'label', dir: 'desc' })).toEqual(['e', 'c', 'd', 'a', 'b']);
    expect(await keysOf(db, { sort: 'uploaded', dir: 'asc' })).toEqual(['e', 'd', 'a', 'b', 'c']);
    expect(await keysOf(db, { sort: 'status', dir: 'desc' })).toEqual(['c', 'a', 'd', 'b', 'e']);
  });

  it("sorts labels in the same order whatever a PostgreSQL database's collation", async () => {
    // A server set up with a language's collation (en_US.UTF-8 is common) would put 'discount' before 'Fix'.
    if (kind === 'postgres') await sql`alter table mass_actions alter column label type text collate "en-x-icu"`.execute(db);
    expect(await keysOf(db, { sort: 'label', dir: 'asc' })).toEqual(['b', 'a', 'd', 'c', 'e']);
  });

  it('pages through everything once, in order', async () => {
    for (let i = 0; i < 60; i++) await registerMassAction(db, { bulkKey: i.toString(16).padStart(32, '0'), label: null, registeredBy: 'olivia@example.com', via: 'api' }, AT);
    const first = await listMassActions(db, query({ sort: 'label', dir: 'asc', page: 1 }));
    const second = await listMassActions(db, query({ sort: 'label', dir: 'asc', page: 2 }));
    const seen = [...first.items, ...second.items].map((i) => i.bulkKey);
    expect(first.items).toHaveLength(50);
    expect(new Set(seen).size).toBe(65);
    expect(first.total).toBe(65);
  });

  it('keeps what Zuora said, the rate and the Stopping clock, as numbers and text', async () => {
    const later = new Date(AT.getTime() + 10_000);
    await recordRefresh(db, key('a'), state('Processing', { processedCount: 60 }), later);
    expect(await findMassAction(db, key('a'))).toMatchObject({ ratePerSecond: 2, refreshedAt: later.toISOString(), state: { status: 'Processing', processedCount: 60 } });
    await recordStopAccepted(db, key('a'), later);
    expect(await findMassAction(db, key('a'))).toMatchObject({ ratePerSecond: null, stoppingSince: later.toISOString(), state: { status: 'Stopping' } });
    expect((await listUnfinished(db)).map((r) => [r.bulkKey[0], r.status]).sort()).toEqual([['a', 'Stopping'], ['e', null]]);
  });

  it('forgets the demo registrations only', async () => {
    await registerMassAction(db, { bulkKey: key('f'), label: null, registeredBy: 'demo', via: 'demo' }, AT);
    expect(await forgetDemoRegistrations(db)).toBe(1);
    expect((await listMassActions(db, query({}))).total).toBe(5);
  });

  it('shows each row its chain: what it was started from, and what was started from it, in order', async () => {
    const started = async (k: string, parent: string, relation: 'rest' | 'retry', partIndex: number | null, at: string) => {
      await registerMassAction(db, { bulkKey: key(k), label: `child ${k}`, registeredBy: 'op@example.com', via: 'console' }, new Date(at));
      await db.updateTable('mass_actions').set({ parent_bulk_key: key(parent), relation, part_index: partIndex, part_count: partIndex === null ? null : 2 }).where('bulk_key', '=', key(k)).execute();
    };
    await started('x', 'c', 'rest', 2, '2026-12-01T10:00:01.000Z');
    await started('w', 'c', 'rest', 1, '2026-12-01T10:00:01.000Z');
    await started('v', 'c', 'retry', null, '2026-12-01T10:00:02.000Z');
    const { items } = await listMassActions(db, query({}));
    const parent = items.find((i) => i.bulkKey === key('c'));
    expect(parent?.lineage?.parent).toBeNull();
    expect(parent?.lineage?.children.map((c) => [c.bulkKey[0], c.relation, c.partIndex])).toEqual([['w', 'rest', 1], ['x', 'rest', 2], ['v', 'retry', null]]);
    expect(items.find((i) => i.bulkKey === key('x'))?.lineage).toEqual({ parent: { bulkKey: key('c'), label: 'discount 50%_off', status: 'Stopped', relation: 'rest', partIndex: 2, partCount: 2 }, children: [] });
    expect(items.find((i) => i.bulkKey === key('a'))?.lineage).toBeUndefined();
  });
});
