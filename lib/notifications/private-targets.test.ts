import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../testing/log-capture';
import { describeEachDatabase } from '../testing/test-databases';
import { DeliveryWorker } from './delivery-worker';
import { queueNotification } from './outbox';
import { sendWebhook, type WebhookRequest } from './send-webhook';
import type { NotificationSettings } from './settings';
import { eventFor } from './testing/events';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

// A webhook must not become a way to reach the console's own network (SSRF): private, loopback and
// link-local addresses are refused when the connection is made, unless WEBHOOK_ALLOW_PRIVATE_TARGETS.

const SECRET = 'private-targets-secret-0123456789abcd';
let receiver: WebhookReceiver;
let port: string;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  port = new URL(receiver.url).port;
});
afterEach(() => receiver.reset());
afterAll(() => receiver.close());

const request = (url: string, allowPrivateTargets: boolean): WebhookRequest => ({ url, secret: SECRET, body: '{}', deliveryId: 'd-1', event: 'stopped', attempt: 1, allowPrivateTargets });
const REFUSED_LOOPBACK = 'refused: 127.0.0.1 is a private address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it';

describe('sending to a private target', () => {
  it('refuses 127.0.0.1 when private targets are not allowed, before connecting', async () => {
    expect(await sendWebhook(request(`https://127.0.0.1:${port}/hook`, false))).toEqual({ ok: false, httpStatus: null, error: REFUSED_LOOPBACK, retryAfterMs: null, isPermanent: true });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a name that resolves to a loopback address: the check is on the address connected to', async () => {
    const outcome = await sendWebhook(request(`http://localhost:${port}/hook`, false));
    expect(outcome).toMatchObject({ ok: false, httpStatus: null, isPermanent: true });
    expect(outcome.ok || outcome.error).toMatch(/^refused: (127\.0\.0\.1|::1) is a private address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it$/);
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses other private and link-local addresses too', async () => {
    for (const address of ['10.0.0.5', '192.168.1.20', '169.254.169.254']) {
      const outcome = await sendWebhook({ ...request(`https://${address}/hook`, false), timeoutMs: 2_000 });
      expect(outcome.ok || outcome.error).toBe(`refused: ${address} is a private address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it`);
    }
  });

  it('sends to 127.0.0.1 when private targets are allowed', async () => {
    expect(await sendWebhook(request(`${receiver.url}/hook`, true))).toEqual({ ok: true, httpStatus: 200 });
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
  });
});

describeEachDatabase('a refused webhook delivery', (open) => {
  it('is recorded as a failed attempt saying why, and not tried again', async () => {
    const db = await open();
    const settings: NotificationSettings = { webhooks: [{ id: 'internal', url: `https://127.0.0.1:${port}/hook`, events: ['stopped'], secret: SECRET }], allowPrivateTargets: false, environment: 'sandbox', consoleUrl: 'http://127.0.0.1:3000' };
    const worker = new DeliveryWorker({ db, settings: () => settings, logger: captureLogs().logger, pollMs: 50, retry: { baseDelayMs: 10 } });
    worker.start();
    try {
      await queueNotification(db, eventFor('stopped'), settings);
      worker.nudge();
      const until = Date.now() + 5_000;
      let row = await db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
      while (row.status === 'pending' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        row = await db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      row = await db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', last_http_status: null, last_error: REFUSED_LOOPBACK });
      expect(Number(row.attempts)).toBe(1);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await worker.stop();
    }
  });
});
