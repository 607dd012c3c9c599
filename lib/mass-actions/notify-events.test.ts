import { beforeEach, expect, it, vi } from 'vitest';
import type { Config } from '../config';
import type { NotificationEvent } from '../notifications/notify';
import { describeEachDatabase } from '../testing/test-databases';
import { notifyAfterRefresh, notifyStopRequested } from './notify-events';
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

describeEachDatabase('what a chat is told after a refresh', (open) => {
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

  it('a Stopping that has lasted past the stuck time, with how long', async () => {
    const db = await open();
    await registerMassAction(db, { bulkKey: KEY, label: null, registeredBy: 'o@example.com', via: 'form' });
    const since = Date.parse('2026-12-01T10:00:00.000Z');
    await db.updateTable('mass_actions').set({ status: 'Stopping', stopping_since: new Date(since).toISOString() }).execute();
    await notifyAfterRefresh(db, KEY, 'Stopping', state('Stopping'), since + 9 * 60_000);
    expect(told).toEqual([]);
    await notifyAfterRefresh(db, KEY, 'Stopping', state('Stopping'), since + 12 * 60_000);
    expect(told).toMatchObject([{ kind: 'stuck-in-stopping', detail: 'Stopping for 12 min (flagged after 10 min).' }]);
  });
});

it('a stop is told with who and why; an auto-stop also as the rule firing', async () => {
  const db = {} as never;
  const actor = { email: 'olivia@example.com', name: 'Olivia Operator' };
  await notifyStopRequested(db, KEY, { label: 'x.csv', state: state('Processing'), actor, reason: 'wrong file', detail: 'in bulk stop #3 with 2 others', isAutoStop: false });
  expect(told).toMatchObject([{ kind: 'stop-requested', actor: { email: 'olivia@example.com', name: 'Olivia Operator' }, reason: 'wrong file', detail: 'in bulk stop #3 with 2 others' }]);
  told.length = 0;
  await notifyStopRequested(db, KEY, { label: 'x.csv', state: state('Processing', 30), actor: { email: 'console', name: 'The console (auto-stop rule)' }, reason: 'auto-stop: …', detail: null, isAutoStop: true });
  expect(told.map((e) => e.kind)).toEqual(['auto-stop-fired', 'stop-requested']);
});
