import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { demoAccount, expect, sandbox, test } from './fixtures';
import { signedInPage, startOwnConsole, type OwnConsole } from './own-console';

// A console of its own whose WEBHOOKS point at a receiver on loopback (allowed for the test), as a
// chat's incoming webhook would be: each event once, signed, and retried when the receiver fails.

interface Received { event: string; delivery: string; attempt: number; signature: string; body: string; status: number }

const SECRET = 'e2e-webhook-secret-0123456789abcdef-0123';
let own: OwnConsole;
let server: http.Server;
const received: Received[] = [];
/** How many more requests the receiver fails (500) before it answers 200. */
let failuresLeft = 0;

test.beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = failuresLeft > 0 ? 500 : 200;
      if (failuresLeft > 0) failuresLeft -= 1;
      received.push({
        event: String(request.headers['x-console-event']), delivery: String(request.headers['x-console-delivery']),
        attempt: Number(request.headers['x-console-attempt']), signature: String(request.headers['x-console-signature']),
        body: Buffer.concat(chunks).toString('utf8'), status,
      });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ops`;
  own = await startOwnConsole(3140, {
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS: JSON.stringify([{ name: 'ops-chat', url: receiverUrl, secret: SECRET, events: ['stop-requested', 'stopped', 'completed-with-failures', 'failed', 'stuck-in-stopping', 'auto-stop-fired'] }]),
  });
});
test.afterAll(async () => {
  await own.stop();
  await new Promise((resolve) => server.close(resolve));
});

/** What the README tells a receiver to do. */
function isSignedByConsole({ signature, body }: Received): boolean {
  const { t, v1 } = Object.fromEntries(signature.split(',').map((part) => part.split('='))) as { t?: string; v1?: string };
  const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
  return Math.abs(Date.now() / 1000 - Number(t)) < 300 && v1?.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}

const delivered = (event: string, bulkKey: string) => received.filter((r) => r.event === event && r.status === 200 && JSON.parse(r.body).bulkKey === bulkKey);

test('a stop and its Stopped reach the receiver once each, signed; a receiver that fails twice gets the retry', async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  const headers = { origin: own.url };
  const bulkKey = await sandbox.startMassAction(3000, { pendingMs: 0, rowsPerSecond: 10, failEvery: 5, stoppingMs: 1500 });
  expect((await page.request.post('/api/mass-actions', { headers, data: { keys: bulkKey, label: 'e2e-webhook <!channel> payments.csv' } })).status()).toBe(200);

  failuresLeft = 2;
  expect((await page.request.post(`/api/mass-actions/${bulkKey}/stop`, { headers, data: { reason: 'Wrong price list (FIN-4821)' } })).status()).toBe(200);
  // The same stop again (another operator, a double click): no second message.
  await page.request.post(`/api/mass-actions/${bulkKey}/stop`, { headers, data: { reason: 'again' } });

  await expect.poll(() => delivered('stop-requested', bulkKey).length, { timeout: 30_000 }).toBe(1);
  const attempts = received.filter((r) => r.event === 'stop-requested' && JSON.parse(r.body).bulkKey === bulkKey);
  expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
  expect(new Set(attempts.map((a) => a.delivery)).size).toBe(1);
  expect(attempts.every(isSignedByConsole)).toBe(true);
  const message = JSON.parse(attempts[2]!.body) as { text: string; event: string; environment: string; jobUrl: string; reason: string; actor: { email: string }; label: string };
  expect(message).toMatchObject({ event: 'stop-requested', environment: 'sandbox', jobUrl: `${own.url}/mass-actions/${bulkKey}`, reason: 'Wrong price list (FIN-4821)', actor: { email: 'operator@example.com' } });
  expect(message.text).toContain('Stop requested');
  // What a chat shows cannot ping a channel, and no secret ever leaves.
  const shown = message as unknown as { text: string; attachments: { fallback: string; fields: { value: string }[] }[] };
  for (const words of [shown.text, shown.attachments[0]!.fallback, ...shown.attachments[0]!.fields.map((f) => f.value)]) expect(words).not.toContain('<!channel>');
  for (const r of received) {
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain(SANDBOX_CLIENT_SECRET);
  }

  // Stopped, as the console reads it from Zuora (the stop reads at the Stopping pace).
  await expect.poll(() => delivered('stopped', bulkKey).length, { timeout: 30_000 }).toBe(1);
  expect(isSignedByConsole(delivered('stopped', bulkKey)[0]!)).toBe(true);
  await page.waitForTimeout(3000);
  expect(delivered('stop-requested', bulkKey)).toHaveLength(1);
  expect(delivered('stopped', bulkKey)).toHaveLength(1);

  // Admins see each delivery, its attempts and last answer.
  const admin = await signedInPage(browser, own, demoAccount('admin'));
  await admin.page.setViewportSize({ width: 1280, height: 720 });
  await admin.page.goto('/notifications');
  const row = admin.page.getByRole('row').filter({ hasText: bulkKey.slice(0, 8) }).filter({ hasText: 'Stop requested' });
  await expect(row).toContainText('Delivered');
  await expect(row).toContainText('3');
  await admin.page.screenshot({ path: 'test-results/screenshots/notifications.png', fullPage: true });
  const viewer = await signedInPage(browser, own, demoAccount('viewer'));
  expect((await viewer.page.request.get('/api/admin/webhook-deliveries')).status()).toBe(403);
  await Promise.all([context.close(), admin.context.close(), viewer.context.close()]);
});

test('a mass action that completes with failed rows is told once', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  const bulkKey = await sandbox.startMassAction(40, { pendingMs: 1500, rowsPerSecond: 200, failEvery: 4 });
  expect((await page.request.post('/api/mass-actions', { headers: { origin: own.url }, data: { keys: bulkKey, label: 'e2e-webhook-completes.csv' } })).status()).toBe(200);
  // Someone watching keeps the console reading it.
  await page.goto('/mass-actions?tab=all&q=e2e-webhook-completes');
  await expect(page.getByRole('row').filter({ hasText: 'e2e-webhook-completes.csv' })).toContainText('Completed', { timeout: 30_000 });
  await expect.poll(() => delivered('completed-with-failures', bulkKey).length, { timeout: 15_000 }).toBe(1);
  const message = JSON.parse(delivered('completed-with-failures', bulkKey)[0]!.body) as { counts: { failed: number; total: number } };
  expect(message.counts).toMatchObject({ total: 40, failed: 10 });
  await context.close();
});

test('a bulk stop is told as one message when asked for and one when all have stopped, not one per mass action', async ({ browser }) => {
  test.setTimeout(60_000);
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  const headers = { origin: own.url };
  const keys = await Promise.all(Array.from({ length: 3 }, () => sandbox.startMassAction(3000, { pendingMs: 0, rowsPerSecond: 10, stoppingMs: 1000 })));
  expect((await page.request.post('/api/mass-actions', { headers, data: { keys: keys.join('\n'), label: 'e2e-webhook-bulk.csv' } })).status()).toBe(200);
  const answer = await page.request.post('/api/mass-actions/bulk-stop', { headers, data: { target: { keys }, reason: 'refunds sent twice', expectedKeys: keys } });
  expect(answer.status()).toBe(200);
  const { batchId } = (await answer.json()) as { batchId: number };
  const subject = `batch-${batchId}`;
  await expect.poll(() => delivered('stop-requested', subject).length, { timeout: 15_000 }).toBe(1);
  const asked = JSON.parse(delivered('stop-requested', subject)[0]!.body) as { text: string; jobUrl: string; detail: string };
  expect(asked.text).toContain(`Stop requested (bulk stop #${batchId})`);
  expect(asked.jobUrl).toBe(`${own.url}/audit?batch=${batchId}`);
  expect(asked.detail).toBe('3 stopping.');
  await expect.poll(() => delivered('stopped', subject).length, { timeout: 30_000 }).toBe(1);
  expect(JSON.parse(delivered('stopped', subject)[0]!.body)).toMatchObject({ detail: 'All ended: 3 Stopped.' });
  await page.waitForTimeout(2000);
  for (const key of keys) {
    expect(delivered('stop-requested', key)).toHaveLength(0);
    expect(delivered('stopped', key)).toHaveLength(0);
  }
  expect(delivered('stopped', subject)).toHaveLength(1);
  await context.close();
});
