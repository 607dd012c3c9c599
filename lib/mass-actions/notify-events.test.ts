import { beforeEach, expect, it, vi } from 'vitest';
import type { Config } from '../config';
import type { NotificationEvent } from '../notifications/notify';
import { describeEachDatabase } from '../testing/test-databases';
import { appendAuditEvent } from '../audit/audit-trail';
import { notifyAfterRefresh, notifyAutoStopFired, notifyBulkStopRequested, notifyStopRequested } from './notify-events';
import { registerMassAction } from './registry';
import type { MassActionState } from './shared/types';

const told = vi.hoisted(() => [] as NotificationEvent[]);
vi.mock('../notifications/notify', () => ({ notify: async (_db: unknown, event: NotificationEvent) => void told.push(event) }));
vi.mock('../config', async (actual) => ({ ...(await actual<object>()), getConfig: (): Partial<Config> => ({ stoppingStuckAfterMs: 10 * 60_000 }) }));
beforeEach(() => void (told.length = 0));

const KEY = 'a'.repeat(32);
const state = (status: MassActionState['status'], errorCount = 0): MassActionState => ({
  actionType: 'MPU', status, totalCount: 100, processedCount: 40, successCount: 40 - errorCount, errorCount,
  inputSize: null, outputSize: null, outputType: null, outputUrl: null, uploadedBy: null, uploadedOn: null, startedOn: null, endedOn: null,
});

describeEachDatabase('what a chat is told after a refresh', (open, kind) => {
  it('an ending seen happen: Stopped, Failed, Completed only with failed rows; never a first sight nor a change to Processing', async () => {
    const db = await open();
    await registerMassAction(db, { bulkKey: KEY, label: 'payments.csv', registeredBy: 'o@example.com', via: 'form' });
    await notifyAfterRefresh(db, KEY, null, state('Failed'));
    await notifyAfterRefresh(db, KEY, 'Pending', state('Processing'));
    await notifyAfterRefresh(db, KEY, 'Processing', state('Completed', 0));
    expect(told).toEqual([]);
    await notifyAfterRefresh(db, KEY, 'Stopping', state('Stopped', 3));
    await notifyAfterRefresh(db, KEY, 'Processing', state('Failed'));
    await notifyAfterRefresh(db, KEY, 'Processing', state('Completed', 7));
    expect(told.map((e) => [e.kind, e.label, e.counts.failed, e.actor])).toEqual([
      ['stopped', 'payments.csv', 3, null], ['failed', 'payments.csv', 0, null], ['completed-with-failures', 'payments.csv', 7, null],
    ]);
  });

  it('a Stopping that has lasted past the stuck time, with how long, queued once however often it is read', async () => {
    const db = await open();
    const key = kind === 'sqlite' ? 's'.repeat(32) : 'p'.repeat(32);
    await registerMassAction(db, { bulkKey: key, label: null, registeredBy: 'o@example.com', via: 'form' });
    const since = Date.parse('2026-12-01T10:00:00.000Z');
    await db.updateTable('mass_actions').set({ status: 'Stopping', stopping_since: new Date(since).toISOString() }).execute();
    await notifyAfterRefresh(db, key, 'Stopping', state('Stopping'), since + 9 * 60_000);
    expect(told).toEqual([]);
    for (let second = 0; second < 5; second++) await notifyAfterRefresh(db, key, 'Stopping', state('Stopping'), since + 12 * 60_000 + second * 1000);
    expect(told).toMatchObject([{ kind: 'stuck-in-stopping', detail: 'Stopping for 12 min (flagged after 10 min).' }]);
  });
});

it('a stop is told with who and why', async () => {
  const db = {} as never;
  const actor = { email: 'olivia@example.com', name: 'Olivia Operator' };
  await notifyStopRequested(db, KEY, { label: 'x.csv', state: state('Processing'), actor, reason: 'wrong file', detail: 'in bulk stop #3 with 2 others' });
  expect(told).toMatchObject([{ kind: 'stop-requested', actor: { email: 'olivia@example.com', name: 'Olivia Operator' }, reason: 'wrong file', detail: 'in bulk stop #3 with 2 others' }]);
});

describeEachDatabase('what a chat is told of a bulk stop', (open) => {
  it('once for the batch when it is asked for, and once when the last of its mass actions has ended, never once per mass action', async () => {
    const db = await open();
    const keys = ['1', '2', '3'].map((d) => d.repeat(32));
    for (const [i, bulkKey] of keys.entries()) await registerMassAction(db, { bulkKey, label: `refunds-${i}.csv`, registeredBy: 'o@example.com', via: 'form' });
    const actor = { email: 'olivia@example.com', name: 'Olivia Operator' };
    const batchId = await appendAuditEvent(db, actor, { kind: 'stop-batch', summary: 'Bulk stop of 3', details: { reason: 'refunds twice', keys } });
    for (const bulkKey of keys) await appendAuditEvent(db, actor, { kind: 'stop-request', bulkKey, batchId, summary: 'Stop requested' });
    await notifyBulkStopRequested(db, { id: batchId, labels: ['refunds-0.csv', 'refunds-1.csv', 'refunds-2.csv'], reason: 'refunds twice', actor, counts: { stopped: 3, refused: 0, failed: 0, 'not-stoppable': 0 } });
    expect(told).toEqual([expect.objectContaining({ kind: 'stop-requested', bulkKey: `batch-${batchId}`, reason: 'refunds twice', detail: '3 stopping.', batch: { id: batchId, size: 3, labels: ['refunds-0.csv', 'refunds-1.csv', 'refunds-2.csv'] } })]);
    told.length = 0;
    for (const [i, bulkKey] of keys.entries()) {
      await db.updateTable('mass_actions').set({ status: 'Stopped' }).where('bulk_key', '=', bulkKey).execute();
      await notifyAfterRefresh(db, bulkKey, 'Stopping', state('Stopped'));
      expect(told).toHaveLength(i < 2 ? 0 : 1);
    }
    expect(told[0]).toMatchObject({ kind: 'stopped', bulkKey: `batch-${batchId}`, actor: { email: 'olivia@example.com' }, detail: 'All ended: 3 Stopped.', batch: { size: 3 } });
  });
});

describeEachDatabase('what a chat is told of an auto-stop', (open) => {
  it('names who set the rule, not the console, with the figures and what came of the stop', async () => {
    const db = await open();
    await registerMassAction(db, { bulkKey: KEY, label: 'payments.csv', registeredBy: 'o@example.com', via: 'form' });
    await notifyAutoStopFired(db, KEY, { state: state('Processing', 30), setBy: { email: 'olivia@example.com', name: 'Olivia Operator' }, summary: 'auto-stop: 30 of 40 processed rows failed (75%), rule > 20% after 10 set by Olivia Operator', outcome: 'Zuora accepted the stop' });
    expect(told).toEqual([expect.objectContaining({
      kind: 'auto-stop-fired', label: 'payments.csv', actor: { email: 'olivia@example.com', name: 'Olivia Operator' },
      reason: expect.stringMatching(/^auto-stop: 30 of 40/), detail: 'Zuora accepted the stop.',
    })]);
  });
});
