import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { DEMO_ACCOUNTS } from '../scripts/demo-accounts';
import { E2E_CONSOLE_URL, E2E_SANDBOX_URL } from './stack';

export { expect };

/** The sandbox's own controls (faults, call counts): for tests only, never used by the console. */
export const sandbox = {
  async setFaults(faults: Record<string, unknown>) {
    const response = await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    if (!response.ok) throw new Error(`sandbox refused faults: ${response.status} ${await response.text()}`);
  },
  async clearFaults() {
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: 'DELETE' });
  },
  async stats(): Promise<{ tokenRequests: number; calls: Record<string, number> }> {
    return (await fetch(`${E2E_SANDBOX_URL}/__sandbox/stats`)).json();
  },
  async stopCalls(): Promise<number> {
    return (await this.stats()).calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0;
  },
  async massAction(bulkKey: string): Promise<{ status: string; totalCount: number | string | null; processedCount: number | string | null; successCount: number | string | null; errorCount: number | string | null }> {
    const token = await this.token();
    return (await fetch(`${E2E_SANDBOX_URL}/v1/bulk/${bulkKey}`, { headers: { authorization: `Bearer ${token}` } })).json();
  },
  async token(): Promise<string> {
    const response = await fetch(`${E2E_SANDBOX_URL}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  },
  /** Starts a mass action in the sandbox as a user's own tooling would; answers its bulk key. */
  async startMassAction(rows: number, behaviour: Record<string, unknown>): Promise<string> {
    const token = { access_token: await this.token() };
    const csv = 'Object Key,Object Type,Deferred Revenue Accounting Code\n' + Array.from({ length: rows }, (_, i) => `A-${i},Invoice Item,ACC-${i}`).join('\n') + '\n';
    const form = new FormData();
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'e2e.csv');
    form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
    const response = await fetch(`${E2E_SANDBOX_URL}/v1/bulk`, {
      method: 'POST', body: form,
      headers: { authorization: `Bearer ${token.access_token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) },
    });
    return ((await response.json()) as { bulkKey: string }).bulkKey;
  },
};

/** Console API calls as the signed-in user of `request`, from the console's own origin. */
export function consoleApi(request: APIRequestContext) {
  const headers = { origin: E2E_CONSOLE_URL };
  return {
    register: (keys: string, label?: string) => request.post('/api/mass-actions', { headers, data: { keys, label } }),
    stop: (bulkKey: string, reason?: string) => request.post(`/api/mass-actions/${bulkKey}/stop`, { headers, data: { reason } }),
    list: async (query: string) => (await (await request.get(`/api/mass-actions?${query}`)).json()) as { items: { bulkKey: string; label: string | null; state: { status: string } | null }[] },
  };
}

export function demoAccount(role: 'operator' | 'viewer' | 'admin') {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
}

/** A mass action started in the console, stopped at once, with failed and not-processed rows; answers its key once Stopped. */
export async function stoppedConsoleMassAction(request: APIRequestContext, label: string, keyPrefix: string): Promise<string> {
  const behaviour = { pendingMs: 0, rowsPerSecond: 20, failEvery: 5, stoppingMs: 0 };
  await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(behaviour) });
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const csv = `Object Key,Object Type\n${Array.from({ length: 300 }, (_, i) => `${keyPrefix}-${tag}-${i + 1},Invoice Item`).join('\n')}\n`;
  const headers = { origin: E2E_CONSOLE_URL };
  const check = await request.post('/api/uploads', { headers, multipart: { actionType: 'UpdateAccountingCode', label, file: { name: `${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
  expect(check.status()).toBe(200);
  const { upload } = (await check.json()) as { upload: { uploadId: number } };
  const start = await request.post(`/api/uploads/${upload.uploadId}/start`, { headers, data: {} });
  expect(start.status()).toBe(200);
  const { bulkKey } = (await start.json()) as { bulkKey: string };
  // Some rows processed (every fifth fails), most not.
  await expect.poll(async () => Number((await sandbox.massAction(bulkKey)).processedCount ?? 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  expect((await consoleApi(request).stop(bulkKey)).status()).toBe(200);
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status, { timeout: 30_000 }).toBe('Stopped');
  return bulkKey;
}

export const test = base;
