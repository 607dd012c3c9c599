import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, SANDBOX_CLIENT_ID, type Sandbox } from '../zuora-sandbox/server';
import { getDatabase } from './db/database';
import { checkHealth } from './health';

// The public health check as the route runs it (configuration from the environment, the process's
// one Zuora client), against a sandbox that refuses the configured secret.

let sandbox: Sandbox;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
  vi.stubEnv('ZUORA_BASE_URL', sandbox.url);
  vi.stubEnv('ZUORA_CLIENT_ID', SANDBOX_CLIENT_ID);
  vi.stubEnv('ZUORA_CLIENT_SECRET', 'not-the-secret');
  vi.stubEnv('NEXTAUTH_SECRET', 'x'.repeat(32));
  vi.stubEnv('NEXTAUTH_URL', 'http://127.0.0.1:3000');
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterAll(async () => {
  await (await getDatabase()).destroy();
  await sandbox.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const tokenRequests = async () => ((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { tokenRequests: number }).tokenRequests;

describe('GET /api/health while no token can be had', () => {
  it('reports Zuora failing to 50 anonymous checks at once, twice over, with one token request', async () => {
    for (let burst = 0; burst < 2; burst++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => checkHealth()));
      for (const health of results) expect(health).toEqual({ status: 'degraded', checks: { configuration: 'ok', database: 'ok', zuora: 'failing' } });
    }
    expect(await tokenRequests()).toBe(1);
  });
});
