import { randomUUID } from 'node:crypto';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type SandboxOptions } from '../../zuora-sandbox/server';
import type { StatsSnapshot } from '../../zuora-sandbox/stats';
import type { ZuoraConfig } from '../config';
import { createZuoraClient } from '../zuora/client';
import { captureLogs } from './log-capture';

/** A sandbox on a random port and a real client against it, with fast backoff and captured logs. */
export async function sandboxWithClient(
  options: SandboxOptions = {},
  overrides: Partial<ZuoraConfig> = {},
  now?: () => number,
  fetchImpl?: typeof fetch,
) {
  const sandbox = await startSandbox({ port: 0, ...options });
  const url = new URL(sandbox.url);
  const config: ZuoraConfig = {
    baseUrl: url.origin, origin: url.origin, host: url.host, environment: 'sandbox',
    clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, timeoutMs: 5000, maxRetries: 3, ...overrides,
  };
  const logs = captureLogs();
  const client = createZuoraClient({
    config,
    logger: logs.logger,
    now,
    fetch: fetchImpl,
    backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 },
  });
  const control = {
    async faults(faults: Record<string, unknown>) {
      const response = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!response.ok) throw new Error(`faults refused: ${await response.text()}`);
    },
    /** Behaviours for the uploads to come (the client never sends X-Sandbox-Behaviour). */
    async behaviour(behaviour: Record<string, unknown>) {
      const response = await fetch(`${sandbox.url}/__sandbox/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(behaviour) });
      if (!response.ok) throw new Error(`behaviour refused: ${await response.text()}`);
    },
    async stats(): Promise<StatsSnapshot> {
      return (await fetch(`${sandbox.url}/__sandbox/stats`)).json();
    },
    async resetStats() {
      await fetch(`${sandbox.url}/__sandbox/stats/reset`, { method: 'POST' });
    },
  };
  return { sandbox, client, config, logs, control };
}

export async function uploadCsv(
  client: ReturnType<typeof createZuoraClient>,
  csv: string,
  behaviour: Record<string, unknown> = {},
  baseUrl?: string,
) {
  // The client never sends sandbox-only headers; tests that need a behaviour upload directly.
  if (Object.keys(behaviour).length === 0 || !baseUrl) {
    return client.startMassAction({ actionType: 'UpdateAccountingCode', file: { name: 'test.csv', bytes: new TextEncoder().encode(csv) }, idempotencyKey: randomUUID() });
  }
  const token = await client.tokens.getToken();
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'test.csv');
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  const response = await fetch(`${baseUrl}/v1/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) }, body: form });
  const body = (await response.json()) as { bulkKey?: string };
  if (!body.bulkKey) throw new Error(`The sandbox refused the upload: HTTP ${response.status} ${JSON.stringify(body)}`);
  return { bulkKey: body.bulkKey };
}

/**
 * For a test file whose tests each start their own sandbox: `setup` starts one (as sandboxWithClient)
 * and the returned `closeAfterEach` hook, registered with vitest's afterEach, closes it.
 */
export function sandboxPerTest() {
  let close: (() => Promise<void>) | undefined;
  return {
    async setup(...args: Parameters<typeof sandboxWithClient>) {
      const ctx = await sandboxWithClient(...args);
      close = () => ctx.sandbox.close();
      return ctx;
    },
    async closeAfterEach() {
      // A test may have closed its sandbox itself (Zuora unreachable); closing again is no failure.
      await close?.().catch(() => undefined);
      close = undefined;
    },
  };
}
