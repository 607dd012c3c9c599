import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';
import { notify } from './notify';
import { verifySignature } from './signature';
import { eventFor } from './testing/events';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

// notify() as the stop service calls it, with the configuration read from the environment (this file
// runs in a process of its own: the configuration is read once, once the receiver's port is known).

const CHAT_SECRET = 'chat-secret-0123456789abcdef0123456789';
const PAGER_SECRET = 'pager-secret-0123456789abcdef012345678';
const ZUORA_CLIENT_ID = '5a1f9c2e-0b7d-4e8a-9c3f-000000000001';
const ZUORA_CLIENT_SECRET = 'zuora-client-secret-never-in-a-payload';
const NEXTAUTH_SECRET = 'nextauth-secret-never-in-a-payload-0123456789';

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const env = {
    ZUORA_BASE_URL: 'https://rest.zuora.com',
    ZUORA_CLIENT_ID,
    ZUORA_CLIENT_SECRET,
    NEXTAUTH_SECRET,
    NEXTAUTH_URL: 'https://console.example.com',
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS: JSON.stringify([
      { name: 'chat', url: `${receiver.url}/chat`, events: ['stop-requested', 'stopped', 'failed'], secret: CHAT_SECRET },
      { name: 'pager', url: `${receiver.url}/pager`, events: ['failed'], secret: PAGER_SECRET },
    ]),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await receiver.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rowsOf(db: Database, bulkKey: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('bulk_key', '=', bulkKey).orderBy('id').execute();
}

async function waitForRows(db: Database, bulkKey: string, isDone: (rows: Awaited<ReturnType<typeof rowsOf>>) => boolean, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await rowsOf(db, bulkKey);
    if (isDone(rows)) return rows;
    if (Date.now() > until) throw new Error(`rows never got there: ${JSON.stringify(rows.map((r) => [r.status, r.attempts, r.last_error]))}`);
    await sleep(20);
  }
}

describeEachDatabase('webhook notifications', (open) => {
  const workers: DeliveryWorker[] = [];
  const startWorker = async (db: Database, options: Partial<DeliveryWorkerOptions> = {}) => {
    // A long poll, and its first look at the outbox over before anything is queued: only notify's nudge can make a delivery quick.
    const worker = new DeliveryWorker({ db, pollMs: 60_000, ...options });
    workers.push(worker);
    worker.start();
    await sleep(100);
  };
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    receiver.reset();
  });

  it('delivers each event once to each webhook that wants it, signed, in well under a second', async () => {
    const db = await open();
    await startWorker(db);
    const stopped = eventFor('stopped');
    const failed = eventFor('failed');
    const startedAt = Date.now();
    await notify(db, stopped);
    await notify(db, failed);
    await notify(db, eventFor('completed-with-failures'));
    const received = await receiver.waitFor(3);
    expect(Math.max(...received.map((r) => r.atMs)) - startedAt).toBeLessThan(1_000);

    const seen = received.map((r) => `${r.path} ${r.headers['x-console-event']}`).sort();
    expect(seen).toEqual(['/chat failed', '/chat stopped', '/pager failed']);
    for (const request of received) {
      const secret = request.path === '/chat' ? CHAT_SECRET : PAGER_SECRET;
      expect(verifySignature(secret, request.body, String(request.headers['x-console-signature']))).toBe(true);
      expect(verifySignature(secret === CHAT_SECRET ? PAGER_SECRET : CHAT_SECRET, request.body, String(request.headers['x-console-signature']))).toBe(false);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(request.headers['x-console-delivery']).toBe(body.deliveryId);
      expect(body).toMatchObject({ event: request.headers['x-console-event'], environment: 'production' });
    }
    const rows = await waitForRows(db, failed.bulkKey, (r) => r.length === 2 && r.every((row) => row.status === 'delivered'));
    expect(rows.map((r) => [r.webhook_id, Number(r.attempts), r.last_http_status])).toEqual([['chat', 1, 200], ['pager', 1, 200]]);
    await sleep(200);
    expect(receiver.received).toHaveLength(3);
  });

  it('ignores the same notify a second time, before and after it was delivered', async () => {
    const db = await open();
    await startWorker(db);
    const event = eventFor('stopped');
    await notify(db, event);
    await notify(db, { ...event, reason: 'said again' });
    await receiver.waitFor(1);
    await waitForRows(db, event.bulkKey, (r) => r[0]?.status === 'delivered');
    await notify(db, event);
    await sleep(300);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ reason: 'Wrong mapping' });
    expect(await rowsOf(db, event.bulkKey)).toHaveLength(1);
  });

  it('makes one delivery of 50 notify calls fired at once', async () => {
    const db = await open();
    await startWorker(db);
    const event = eventFor('stop-requested');
    await Promise.all(Array.from({ length: 50 }, () => notify(db, event)));
    await receiver.waitFor(1);
    await sleep(300);
    expect(receiver.received).toHaveLength(1);
    expect(await rowsOf(db, event.bulkKey)).toHaveLength(1);
  });

  it('retries a receiver that fails twice, and the third attempt delivers it', async () => {
    const db = await open();
    receiver.respondWith((n) => (n <= 2 ? 500 : 200));
    await startWorker(db, { retry: { baseDelayMs: 50 } });
    const event = eventFor('stopped');
    await notify(db, event);
    const received = await receiver.waitFor(3);
    const [row] = await waitForRows(db, event.bulkKey, (r) => r[0]?.status === 'delivered');
    expect(row).toMatchObject({ status: 'delivered', last_http_status: 200, last_error: null });
    expect(Number(row!.attempts)).toBe(3);
    // The same delivery each time, the same body, signed afresh.
    expect(new Set(received.map((r) => r.headers['x-console-delivery']))).toEqual(new Set([row!.delivery_id]));
    expect(received.map((r) => r.headers['x-console-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (const r of received) expect(verifySignature(CHAT_SECRET, r.body, String(r.headers['x-console-signature']))).toBe(true);
    // Backed off: the second attempt came at least the first wait (50 ms, less its jitter) after the first.
    expect(received[1]!.atMs - received[0]!.atMs).toBeGreaterThanOrEqual(35);
  });

  it('gives up after the last attempt, and at once on 410 Gone', async () => {
    const db = await open();
    receiver.respondWith((_n, request) => (request.headers['x-console-event'] === 'stopped' ? 410 : 503));
    await startWorker(db, { retry: { baseDelayMs: 20, maxAttempts: 3 } });
    const failing = eventFor('failed');
    const gone = eventFor('stopped');
    await notify(db, gone);
    await notify(db, failing);
    const rows = await waitForRows(db, failing.bulkKey, (r) => r.length === 2 && r.every((row) => row.status === 'failed'));
    expect(rows.map((r) => [r.webhook_id, Number(r.attempts), r.last_http_status, r.last_error])).toEqual([['chat', 3, 503, 'answered 503'], ['pager', 3, 503, 'answered 503']]);
    const [goneRow] = await waitForRows(db, gone.bulkKey, (r) => r[0]?.status === 'failed');
    expect(goneRow).toMatchObject({ last_http_status: 410, last_error: 'answered 410 Gone: the receiver asked not to be sent this again' });
    expect(Number(goneRow!.attempts)).toBe(1);
    await sleep(200);
    expect(receiver.received).toHaveLength(7);
  });

  it('never sends or stores a token or a secret, and says where, who and why', async () => {
    const db = await open();
    await startWorker(db);
    const event = eventFor('failed', { label: 'Codes <!channel> & co', detail: 'Zuora says: file rejected' });
    await notify(db, event);
    const received = await receiver.waitFor(2);
    const rows = await rowsOf(db, event.bulkKey);
    for (const text of [...received.map((r) => `${JSON.stringify(r.headers)}${r.body}`), ...rows.map((r) => JSON.stringify(r))]) {
      for (const secret of [CHAT_SECRET, PAGER_SECRET, ZUORA_CLIENT_SECRET, ZUORA_CLIENT_ID, NEXTAUTH_SECRET]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/access_token|authorization/i);
    }
    const body = JSON.parse(received[0]!.body) as { text: string; attachments: { fields: { title: string; value: string }[] }[]; jobUrl: string };
    expect(body.jobUrl).toBe(`https://console.example.com/mass-actions/${event.bulkKey}`);
    expect(body.text).toContain(`<https://console.example.com/mass-actions/${event.bulkKey}|Codes &lt;!channel&gt; &amp; co>`);
    expect(Object.fromEntries(body.attachments[0]!.fields.map((f) => [f.title, f.value]))).toMatchObject({
      Environment: 'production',
      'Bulk key': event.bulkKey,
      Counts: '5,000 rows · 1,200 processed · 1,180 succeeded · 20 failed',
      Who: 'by Olivia Operator (olivia@example.com)',
      Reason: 'Wrong mapping',
      Detail: 'Zuora says: file rejected',
    });
  });

  it('never throws, even when the database is gone', async () => {
    const db = await open();
    await db.destroy();
    await expect(notify(db, eventFor('stopped'))).resolves.toBeUndefined();
  });
});
