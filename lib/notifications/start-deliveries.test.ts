import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDatabase } from '../db/database';
import { notify, startWebhookDeliveries } from './notify';
import { verifySignature } from './signature';
import { eventFor } from './testing/events';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

// The wiring as the server has it: the configured database, the configured webhooks, the loop started
// once at start. (The outbox's behaviour on both databases is in notify.test.ts and its neighbours.)

const SECRET = 'start-secret-0123456789abcdef01234567';
let receiver: WebhookReceiver;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhooks-start-'));
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const env = {
    ZUORA_BASE_URL: 'http://127.0.0.1:9',
    ZUORA_CLIENT_ID: '5a1f9c2e-0b7d-4e8a-9c3f-000000000001',
    ZUORA_CLIENT_SECRET: 'a-very-secret-value',
    NEXTAUTH_SECRET: 'x'.repeat(32),
    NEXTAUTH_URL: 'http://127.0.0.1:3000',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS: JSON.stringify([{ name: 'chat', url: `${receiver.url}/chat`, events: ['stuck-in-stopping'], secret: SECRET }]),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('startWebhookDeliveries', () => {
  it('starts one loop however often it is called, which delivers what notify queues at once', async () => {
    startWebhookDeliveries();
    startWebhookDeliveries();
    expect((globalThis as { webhookDeliveryWorkers?: Set<unknown> }).webhookDeliveryWorkers?.size).toBe(1);
    const event = eventFor('stuck-in-stopping', { actor: null, detail: 'Stopping for 12 min' });
    await notify(await getDatabase(), event);
    const [request] = await receiver.waitFor(1, 2_000);
    expect(verifySignature(SECRET, request!.body, String(request!.headers['x-console-signature']))).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({ event: 'stuck-in-stopping', bulkKey: event.bulkKey, environment: 'sandbox', detail: 'Stopping for 12 min' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
  });
});
