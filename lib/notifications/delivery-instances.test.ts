import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { captureLogs } from '../testing/log-capture';
import { describeEachDatabase } from '../testing/test-databases';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';
import { claimDueDeliveries, queueNotification, recordFailedAttempt } from './outbox';
import type { NotificationSettings } from './settings';
import { eventFor } from './testing/events';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

// Several console instances on one database: two handles, each with its own delivery loop, as two
// processes would have. Whoever claims a row delivers it; a claim whose instance died runs out.

const SECRET = 'instances-secret-0123456789abcdef0123';
let receiver: WebhookReceiver;
let settings: NotificationSettings;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  settings = { webhooks: [{ id: 'chat', url: `${receiver.url}/chat`, events: ['stopped', 'failed'], secret: SECRET }], allowPrivateTargets: true, environment: 'sandbox', consoleUrl: 'http://127.0.0.1:3000' };
});
afterAll(() => receiver.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { logger } = captureLogs();

async function waitForStatus(db: Database, status: string, count: number, timeoutMs = 8_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
    if (rows.filter((r) => r.status === status).length >= count) return rows;
    if (Date.now() > until) throw new Error(`expected ${count} ${status}: ${JSON.stringify(rows.map((r) => [r.status, r.attempts, r.last_error]))}`);
    await sleep(20);
  }
}

describeEachDatabase('webhook deliveries across instances', (_open, _kind, openInstances) => {
  const workers: DeliveryWorker[] = [];
  const startWorker = (db: Database, owner: string, options: Partial<DeliveryWorkerOptions> = {}) => {
    const worker = new DeliveryWorker({ db, owner, settings: () => settings, logger, pollMs: 50, ...options });
    workers.push(worker);
    worker.start();
    return worker;
  };
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    receiver.reset();
  });

  it('delivers each row exactly once when two instances race for them', async () => {
    const [a, b] = await openInstances(2);
    const events = Array.from({ length: 24 }, (_, i) => eventFor(i % 2 ? 'stopped' : 'failed'));
    for (const [i, event] of events.entries()) await queueNotification(i % 2 ? a! : b!, event, settings);
    startWorker(a!, 'instance-a');
    startWorker(b!, 'instance-b');
    const rows = await waitForStatus(a!, 'delivered', 24);
    await sleep(200);
    const deliveryIds = receiver.received.map((r) => r.headers['x-console-delivery']);
    expect(deliveryIds).toHaveLength(24);
    expect(new Set(deliveryIds)).toEqual(new Set(rows.map((r) => r.delivery_id)));
    expect(rows.every((r) => Number(r.attempts) === 1)).toBe(true);
  });

  it('takes over a claim whose instance died once it runs out, and delivers it once', async () => {
    const [a, b] = await openInstances(2);
    const event = eventFor('stopped');
    await queueNotification(a!, event, settings);
    // Instance a claims the row and dies before sending it.
    const [dead] = await claimDueDeliveries(a!, { owner: 'instance-a', limit: 10, claimMs: 600, webhookIds: ['chat'] });
    expect(dead).toBeDefined();
    const claimedAt = Date.now();
    startWorker(b!, 'instance-b');
    const [received] = await receiver.waitFor(1, 5_000);
    expect(received!.atMs - claimedAt).toBeGreaterThanOrEqual(550);
    const [row] = await waitForStatus(b!, 'delivered', 1);
    expect(Number(row!.attempts)).toBe(2);
    expect(received!.headers['x-console-attempt']).toBe('2');
    // The dead instance's late word cannot undo the delivery.
    await recordFailedAttempt(a!, dead!, { httpStatus: null, error: 'late', retryAt: Date.now() });
    expect(await a!.selectFrom('webhook_deliveries').select(['status', 'last_error']).executeTakeFirst()).toEqual({ status: 'delivered', last_error: null });
    await sleep(200);
    expect(receiver.received).toHaveLength(1);
  });

  it("honours one instance's backoff on every instance", async () => {
    const [a, b] = await openInstances(2);
    receiver.respondWith((n) => (n === 1 ? 500 : 200));
    // The wait after a failure is 400 ms (± 20 %) on both; both poll every 50 ms.
    startWorker(a!, 'instance-a', { retry: { baseDelayMs: 400 } });
    startWorker(b!, 'instance-b', { retry: { baseDelayMs: 400 } });
    await queueNotification(a!, eventFor('failed'), settings);
    const received = await receiver.waitFor(2, 5_000);
    expect(received[1]!.atMs - received[0]!.atMs).toBeGreaterThanOrEqual(300);
    await waitForStatus(a!, 'delivered', 1);
    await sleep(200);
    expect(receiver.received).toHaveLength(2);
  });
});
