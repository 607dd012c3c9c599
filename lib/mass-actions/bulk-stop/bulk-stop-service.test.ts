import { afterEach, expect, it, vi } from 'vitest';
import type { Actor } from '../../audit/audit-trail';
import { listAuditEvents, listAuditEventsFor } from '../../audit/audit-trail';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { sandboxPerTest, uploadCsv } from '../../testing/sandbox-client';
import { describeEachDatabase } from '../../testing/test-databases';
import type { ZuoraClient } from '../../zuora/client';
import { findMassAction, registerMassAction } from '../registry';
import { bulkStop, previewBulkStop } from './bulk-stop-service';

// The service reaches the database, Zuora and the configuration through their getters, as the route
// handlers do; here they answer this test's database, sandbox and environment.
const current = vi.hoisted(() => ({ db: null as unknown, zuora: null as unknown, environment: 'sandbox' as 'sandbox' | 'production' }));
vi.mock('../../db/database', async (actual) => ({ ...(await actual<object>()), getDatabase: async () => current.db }));
vi.mock('../../zuora/client', async (actual) => ({ ...(await actual<object>()), getZuoraClient: () => current.zuora }));
vi.mock('../../config', async (actual) => ({
  ...(await actual<object>()),
  getConfig: (): Partial<Config> => ({
    zuora: { environment: current.environment, host: 'sandbox.test', timeZone: null } as Config['zuora'],
    stopReasonRequired: 'production', refreshIntervalMs: 60_000, stoppingStuckAfterMs: 600_000, logLevel: 'silent',
    notifications: { webhooks: [], allowPrivateTargets: false } as unknown as Config['notifications'], auth: { url: 'http://127.0.0.1:3000' } as Config['auth'],
  }),
}));

const olivia: Actor = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator', clientAddress: '127.0.0.1' };
const sandboxes = sandboxPerTest();
afterEach(sandboxes.closeAfterEach);

describeEachDatabase('bulk stop', (open) => {
  async function setup({ count, environment = 'sandbox' }: { count: number; environment?: 'sandbox' | 'production' }) {
    const ctx = await sandboxes.setup();
    const db: Database = await open();
    current.db = db;
    current.zuora = ctx.client satisfies ZuoraClient;
    current.environment = environment;
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const { bulkKey } = await uploadCsv(ctx.client, `Object Key,Object Type\n${Array.from({ length: 2000 }, (_, r) => `K${i}-${r},Invoice Item`).join('\n')}\n`, { pendingMs: 0, rowsPerSecond: 50, failEvery: 9 }, ctx.sandbox.url);
      await registerMassAction(db, { bulkKey, label: `payments-${i}.csv`, registeredBy: olivia.email, via: 'form' });
      keys.push(bulkKey);
    }
    await ctx.control.resetStats();
    return { ctx, db, keys };
  }

  it('stops a selection with one reason: every key re-read and stopped (two calls each), one batch in the trail, each key inside it', async () => {
    const { ctx, db, keys } = await setup({ count: 3 });
    const preview = await previewBulkStop({ keys });
    expect(preview).toMatchObject({ target: '3 selected', byStatus: { 'Not read yet': 3 }, leftOut: [], confirmationText: null });
    const answer = await bulkStop({ target: { keys }, reason: 'Wrong price list (FIN-4821)', expectedKeys: keys, confirmation: null }, olivia);
    expect(answer.counts).toEqual({ stopped: 3, refused: 0, failed: 0, 'not-stoppable': 0 });
    const stats = await ctx.control.stats();
    for (const key of keys) expect(stats.callsByBulkKey[key]).toBe(2);
    for (const key of keys) expect((await findMassAction(db, key))?.state?.status).toMatch(/Stopping|Stopped/);

    const batch = (await listAuditEvents(db, { kind: 'stop-batch' })).events;
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ id: answer.batchId, actorEmail: olivia.email, summary: 'Bulk stop of 3 mass actions (3 selected)', details: { reason: 'Wrong price list (FIN-4821)', count: 3, keys } });
    const trail = await listAuditEventsFor(db, keys[1]!);
    const stop = trail.find((e) => e.kind === 'stop-request');
    expect(stop).toMatchObject({ batchId: answer.batchId, summary: expect.stringContaining(`in bulk stop #${answer.batchId} with 2 others`), details: { reason: 'Wrong price list (FIN-4821)', zuoraAnswer: 'accepted' } });
    const inBatch = (await listAuditEvents(db, { batchId: answer.batchId })).events;
    expect(inBatch.map((e) => e.kind).sort()).toEqual(['stop-batch', 'stop-request', 'stop-request', 'stop-request']);
  });

  it('names and leaves out what is no longer stoppable or not registered, re-reads each before stopping it, and answers key by key', async () => {
    const { ctx, db, keys } = await setup({ count: 2 });
    await bulkStop({ target: { keys: [keys[0]!] }, reason: 'first', expectedKeys: [keys[0]!], confirmation: null }, olivia);
    // Registered but never read: it finishes in Zuora before the click, which only the re-read learns.
    const { bulkKey: quick } = await uploadCsv(ctx.client, 'Object Key,Object Type\nQ1,Invoice Item\n', { pendingMs: 0, rowsPerSecond: 1000 }, ctx.sandbox.url);
    await registerMassAction(db, { bulkKey: quick, label: 'quick.csv', registeredBy: olivia.email, via: 'form' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ctx.control.resetStats();
    const stranger = 'Z'.repeat(32);
    const target = { keys: [...keys, quick, stranger] };
    const preview = await previewBulkStop(target);
    expect(preview.stoppable.map((m) => m.bulkKey)).toEqual([keys[1]!, quick]);
    expect(preview.leftOut).toEqual(expect.arrayContaining([
      { bulkKey: stranger, label: null, why: 'not registered in the console' },
      { bulkKey: keys[0]!, label: 'payments-0.csv', why: expect.stringMatching(/^already Stopp(ing|ed)$/) },
    ]));
    const answer = await bulkStop({ target, reason: 'second', expectedKeys: [keys[1]!, quick], confirmation: null }, olivia);
    expect(answer.outcomes).toEqual([
      { bulkKey: keys[1]!, label: 'payments-1.csv', outcome: 'stopped', message: expect.any(String) },
      { bulkKey: quick, label: 'quick.csv', outcome: 'not-stoppable', message: expect.stringContaining('Completed') },
    ]);
    expect((await ctx.control.stats()).calls['PUT /v1/bulk/{bulk-key}/stop']).toBe(1);
    expect(await db.selectFrom('audit_events').select('id').where('kind', '=', 'stop-batch').execute()).toHaveLength(2);
  });

  it('refuses, changing nothing, without a reason, when what it holds changed since the dialog, or in production without the count typed', async () => {
    const { ctx, db, keys } = await setup({ count: 3, environment: 'production' });
    const target = { filter: { tab: 'active' as const, q: '' } };
    const shown = keys.slice(0, 2);
    await expect(bulkStop({ target, reason: '  ', expectedKeys: keys, confirmation: '3' }, olivia)).rejects.toMatchObject({ status: 400, code: 'reason_required' });
    await expect(bulkStop({ target, reason: 'why', expectedKeys: shown, confirmation: '3' }, olivia)).rejects.toMatchObject({ status: 409, code: 'selection_changed', message: expect.stringContaining('now holds 3 mass actions that can be stopped, not the 2 mass actions shown') });
    // As many as shown, but not the same ones: refused too.
    await expect(bulkStop({ target, reason: 'why', expectedKeys: [...shown, 'Z'.repeat(32)], confirmation: '3' }, olivia)).rejects.toMatchObject({ status: 409, code: 'selection_changed' });
    await expect(bulkStop({ target, reason: 'why', expectedKeys: keys, confirmation: 'production' }, olivia)).rejects.toMatchObject({ status: 400, code: 'confirmation_required' });
    expect((await previewBulkStop(target)).confirmationText).toBe('3');
    expect((await ctx.control.stats()).callsByBulkKey).toEqual({});
    expect(await db.selectFrom('audit_events').select('id').execute()).toEqual([]);
  });

  it('"everything matching this filter" stops exactly what the search matches', async () => {
    const { ctx, db, keys } = await setup({ count: 4 });
    await db.updateTable('mass_actions').set({ label: 'refunds-december.csv' }).where('bulk_key', 'in', [keys[1]!, keys[3]!]).execute();
    const target = { filter: { tab: 'active' as const, q: 'REFUNDS' } };
    const preview = await previewBulkStop(target);
    expect(preview.target).toBe('everything matching “REFUNDS” in Active');
    expect(preview.stoppable.map((m) => m.bulkKey).sort()).toEqual([keys[1]!, keys[3]!].sort());
    const answer = await bulkStop({ target, reason: 'refunds run twice', expectedKeys: [keys[3]!, keys[1]!], confirmation: null }, olivia);
    expect(answer.counts.stopped).toBe(2);
    const stats = await ctx.control.stats();
    expect(Object.keys(stats.callsByBulkKey).sort()).toEqual([keys[1]!, keys[3]!].sort());
  });

  it('50 bulk stops of one selection fired at once are one bulk stop: one batch, one read and one stop per key, each request answered alike', async () => {
    const { ctx, db, keys } = await setup({ count: 2 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => bulkStop({ target: { keys: i % 2 ? keys : [...keys].reverse() }, reason: 'burst', expectedKeys: keys, confirmation: null }, olivia)));
    expect(new Set(answers.map((a) => a.batchId)).size).toBe(1);
    expect(answers.every((a) => a.counts.stopped === 2)).toBe(true);
    const stats = await ctx.control.stats();
    expect(stats.calls['PUT /v1/bulk/{bulk-key}/stop']).toBe(2);
    for (const key of keys) expect(stats.callsByBulkKey[key]).toBe(2);
    const batches = await db.selectFrom('audit_events').select(['id', 'batch_id']).where('kind', '=', 'stop-batch').execute();
    // The batch, and 49 entries saying who asked again and joined it.
    expect(batches.filter((b) => b.batch_id === null)).toHaveLength(1);
    expect(batches.filter((b) => b.batch_id === answers[0]!.batchId)).toHaveLength(49);
    expect(await db.selectFrom('audit_events').select('id').where('kind', '=', 'stop-request').execute()).toHaveLength(2);
  });

  it('many bulk stops at once share this process\'s 8 stops in flight', async () => {
    const { ctx, keys } = await setup({ count: 24 });
    await ctx.control.faults({ latencyMs: 100 });
    let inFlight = 0;
    let most = 0;
    const original = ctx.client.stopMassAction.bind(ctx.client);
    ctx.client.stopMassAction = async (...args: Parameters<typeof original>) => {
      most = Math.max(most, ++inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight -= 1;
      }
    };
    const groups = [keys.slice(0, 8), keys.slice(8, 16), keys.slice(16)];
    const answers = await Promise.all(groups.map((group) => bulkStop({ target: { keys: group }, reason: 'three at once', expectedKeys: group, confirmation: null }, olivia)));
    expect(answers.map((a) => a.counts.stopped)).toEqual([8, 8, 8]);
    expect(most).toBeLessThanOrEqual(8);
    expect(most).toBeGreaterThan(1);
  });
});
