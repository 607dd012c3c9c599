import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPerTest, uploadCsv } from '../testing/sandbox-client';
import { ZuoraError } from './errors';

const CSV = 'Object Key,Object Type\n' + Array.from({ length: 20 }, (_, i) => `A-${i},Invoice Item`).join('\n') + '\n';
const FILE = { name: 'a.csv', bytes: new TextEncoder().encode(CSV) };

const { setup, closeAfterEach } = sandboxPerTest();
afterEach(closeAfterEach);

async function rejection(promise: Promise<unknown>): Promise<ZuoraError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZuoraError);
  return error as ZuoraError;
}

describe('the Zuora client against the sandbox', () => {
  it('makes one token request for 50 concurrent first calls', async () => {
    const { client, control } = await setup();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.startMassAction({ actionType: 'UpdateAccountingCode', file: FILE, idempotencyKey: `first-calls-${i}` })),
    );
    expect(new Set(results.map((r) => r.bulkKey)).size).toBe(50);
    expect(results.every((r) => /^[A-Za-z0-9]{32}$/.test(r.bulkKey))).toBe(true);
    expect((await control.stats()).tokenRequests).toBe(1);
  });

  it('sends the configured entity, org and version headers with a fresh track id on every request', async () => {
    const sent: Headers[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const { client } = await setup({}, { entityId: 'entity-1', orgIds: ['org-a', 'org-b'], version: '2025-08-12' }, undefined, recordingFetch);
    const { bulkKey } = await uploadCsv(client, CSV);
    await client.getMassAction(bulkKey);
    const apiCalls = sent.filter((h) => h.has('authorization'));
    expect(apiCalls).toHaveLength(2);
    for (const headers of apiCalls) {
      expect(headers.get('zuora-entity-ids')).toBe('entity-1');
      expect(headers.get('zuora-org-ids')).toBe('org-a,org-b');
      expect(headers.get('zuora-version')).toBe('2025-08-12');
      expect(headers.get('accept-encoding')).toBe('gzip');
    }
    expect(new Set(apiCalls.map((h) => h.get('zuora-track-id'))).size).toBe(2);
    expect(sent.find((h) => !h.has('authorization'))?.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('fetches exactly one new token when the cached one nears expiry', async () => {
    let clock = Date.now();
    const { client, control } = await setup({ now: () => clock, tokenLifetimeSeconds: 3599 }, {}, () => clock);
    const { bulkKey } = await uploadCsv(client, CSV);
    await Promise.all(Array.from({ length: 10 }, () => client.getMassAction(bulkKey)));
    expect((await control.stats()).tokenRequests).toBe(1);

    clock += 3599_000 - 4 * 60_000; // inside the five-minute refresh margin
    await Promise.all(Array.from({ length: 10 }, () => client.getMassAction(bulkKey)));
    expect((await control.stats()).tokenRequests).toBe(2);
  });

  it('renews a revoked token once and retries the call', async () => {
    const { client, control } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV);
    await control.faults({ revokeTokens: true });
    await control.resetStats();
    const { state } = await client.getMassAction(bulkKey);
    expect(state.actionType).toBe('UpdateAccountingCode');
    const stats = await control.stats();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.calls['GET /v1/bulk/{bulk-key}']).toBe(2);
  });

  it('surfaces a clear error when no new token can be obtained after a revocation', async () => {
    const { client, control } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV);
    await control.faults({ revokeTokens: true });
    await control.faults({ tokenError: { count: 5, status: 500 } });
    const error = await rejection(client.getMassAction(bulkKey));
    expect(error.kind).toBe('token');
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const { client, control } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV);
    await control.faults({ rateLimit: { count: 1, retryAfterSeconds: 1 } });
    const started = performance.now();
    await client.getMassAction(bulkKey);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries a 5xx a bounded number of times, then surfaces a clear error', async () => {
    const { client, control } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV);
    await control.faults({ serverError: { count: 100, status: 503 } });
    await control.resetStats();
    const error = await rejection(client.getMassAction(bulkKey));
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Zuora answered 503 to GET \/v1\/bulk\//);
    expect(error.requestId).toMatch(/^[\w-]{36}$/);
    expect((await control.stats()).calls['GET /v1/bulk/{bulk-key}']).toBe(4);
  });

  it('treats a 200 with success: false as a failure with Zuora\'s reasons', async () => {
    const { client } = await setup();
    const error = await rejection(
      client.startMassAction({ actionType: 'UpdateEverything' as never, file: FILE, idempotencyKey: 'unknown-type' }),
    );
    expect(error.kind).toBe('refused');
    expect(error.status).toBe(200);
    expect(error.reasons[0]?.code).toMatch(/^\d{8}$/);
    expect(error.processId).toBeTruthy();
    expect(error.message).toMatch(/^Zuora answered 200 to POST \/v1\/bulk: .+\(code \d{8}\)/);
  });

  it('parses counts Zuora sends as strings', async () => {
    const { client, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { countsAsStrings: true, pendingMs: 0, rowsPerSecond: 10_000 }, sandbox.url);
    await new Promise((r) => setTimeout(r, 300));
    const { state } = await client.getMassAction(bulkKey);
    expect(state.status).toBe('Completed');
    expect(state.totalCount).toBe(20);
    expect(state.processedCount).toBe(20);
    expect(typeof state.successCount).toBe('number');
    expect(state.successCount! + state.errorCount!).toBe(20);
  });

  it('reads null counts while Pending', async () => {
    const { client, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 60_000 }, sandbox.url);
    const { state } = await client.getMassAction(bulkKey);
    expect(state).toMatchObject({ status: 'Pending', totalCount: null, processedCount: null, outputUrl: null });
  });

  it('never sends a malformed bulk key to Zuora', async () => {
    const { client, control } = await setup();
    await control.resetStats();
    for (const bad of ['', '../'.repeat(11) + 'ab', '%2F'.repeat(10) + 'ab', 'é'.repeat(32), 'a'.repeat(31), `${'a'.repeat(31)}/`]) {
      await expect(client.getMassAction(bad)).rejects.toThrow(TypeError);
      await expect(client.stopMassAction(bad)).rejects.toThrow(TypeError);
    }
    const stats = await control.stats();
    expect(stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0).toBe(0);
    expect(stats.tokenRequests).toBe(0);
  });

  it("turns Zuora's refusal to stop a finished action into a readable error, asked once", async () => {
    const { client, control, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 0, rowsPerSecond: 10_000 }, sandbox.url);
    await new Promise((r) => setTimeout(r, 300));
    await control.resetStats();
    const error = await rejection(client.stopMassAction(bulkKey));
    expect(error.reasons[0]?.code).toMatch(/^\d{8}$/);
    expect(error.message).toMatch(/Completed/);
    expect(error.retryable).toBe(false);
    expect((await control.stats()).calls['PUT /v1/bulk/{bulk-key}/stop']).toBe(1);
  });

  it('stops a processing action', async () => {
    const { client, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 0, rowsPerSecond: 1 }, sandbox.url);
    const { meta } = await client.stopMassAction(bulkKey);
    expect(meta.requestId).toMatch(/^[\w-]{36}$/);
    expect((await client.getMassAction(bulkKey)).state.status).toMatch(/^Stopp(ing|ed)$/);
  });

  it('refuses to send its token to a result file on a foreign host', async () => {
    const { client, control, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 0, rowsPerSecond: 10_000 }, sandbox.url);
    await new Promise((r) => setTimeout(r, 300));
    await control.faults({ foreignOutputUrl: true });
    const { state } = await client.getMassAction(bulkKey);
    expect(state.outputUrl).not.toContain(sandbox.url);
    await control.resetStats();
    const error = await rejection(client.openResultFile(state.outputUrl!));
    expect(error.kind).toBe('foreign_host');
    expect(error.message).toBe(`The result file's address differs from the configured Zuora host in its scheme, host and port (https://files.example.net, not ${sandbox.url}); the console does not send its token there.`);
    expect((await control.stats()).calls['GET /v1/files/{file-id}'] ?? 0).toBe(0);
  });

  it('names what differs when the result file is almost on the configured host, and never shows a password', async () => {
    const { client, control, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 0, rowsPerSecond: 10_000 }, sandbox.url);
    await new Promise((r) => setTimeout(r, 300));
    const { state } = await client.getMassAction(bulkKey);
    const address = new URL(state.outputUrl!);
    const port = Number(address.port);
    await control.resetStats();

    const otherPort = new URL(address);
    otherPort.port = String(port + 1);
    expect((await rejection(client.openResultFile(otherPort.href))).message).toBe(`The result file's address uses port ${port + 1}, but the configured Zuora host is on port ${port}; the console does not send its token there.`);

    const withPassword = new URL(address);
    withPassword.username = 'ops';
    withPassword.password = 's3cret-pass';
    const refused = await rejection(client.openResultFile(withPassword.href));
    expect(refused.kind).toBe('foreign_host');
    expect(refused.message).toBe("The result file's address carries a user name or password (not shown: it may be a credential); the console does not send its token there.");
    expect(refused.message).not.toMatch(/ops|s3cret/);

    const secure = new URL(address.href.replace(/^http:/, 'https:'));
    expect((await rejection(client.openResultFile(secure.href))).message).toBe("The result file's address uses https, but the configured Zuora host uses http; the console does not send its token there.");
    expect((await control.stats()).calls['GET /v1/files/{file-id}'] ?? 0).toBe(0);

    // The same host spelt otherwise is the configured host: the file is fetched (from the configured origin).
    const { response } = await client.openResultFile(address.href.replace('127.0.0.1', '127.0.0.1.'));
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('downloads the result file from the configured host', async () => {
    const { client, sandbox } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV, { pendingMs: 0, rowsPerSecond: 10_000 }, sandbox.url);
    await new Promise((r) => setTimeout(r, 300));
    const { state } = await client.getMassAction(bulkKey);
    const { response } = await client.openResultFile(state.outputUrl!);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // "PK": a zip
  });

  it('times out a slow answer with a clear error', async () => {
    const { client, control } = await setup({}, { timeoutMs: 200, maxRetries: 1 });
    const { bulkKey } = await uploadCsv(client, CSV);
    await control.faults({ latencyMs: 1000 });
    const error = await rejection(client.getMassAction(bulkKey));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer GET \/v1\/bulk\/\w{32} within 200 ms/);
  });

  it('logs one line per Zuora call with ids and timing, and never a credential', async () => {
    const { client, logs, config } = await setup();
    const { bulkKey } = await uploadCsv(client, CSV);
    await client.getMassAction(bulkKey);
    const token = await client.tokens.getToken();
    const calls = logs.records().filter((r) => r.msg === 'zuora call').map((r) => r.zuora as Record<string, unknown>);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'POST 200', 'GET 200']);
    const get = calls[2]!;
    expect(get).toMatchObject({ path: `/v1/bulk/${bulkKey}`, requestId: expect.stringMatching(/^[\w-]{36}$/), trackId: expect.stringMatching(/^mac-[\w-]{36}$/) });
    expect(typeof get.durationMs).toBe('number');
    const all = logs.lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(config.clientSecret);
  });
});
