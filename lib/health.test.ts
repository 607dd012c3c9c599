import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, SANDBOX_CLIENT_ID, type Sandbox } from '../zuora-sandbox/server';
import { createTestPostgresDatabase, DATABASE_KINDS } from './testing/test-databases';

// The public health check as the route runs it (configuration from the environment, the process's
// one database and Zuora client), against a sandbox that refuses the configured secret: once with
// the SQLite file of DATA_DIR, once with DATABASE_URL's PostgreSQL.

describe.each(DATABASE_KINDS)('GET /api/health while no token can be had (%s)', (kind) => {
  let sandbox: Sandbox;
  let dataDir: string;
  let dropDatabase = async () => {};
  // Each run reads the environment afresh: new modules (the configuration is read once per module
  // instance) and none of the other run's process-wide database and Zuora client.
  const load = async () => ({ ...(await import('./health')), ...(await import('./db/database')), ...(await import('./db/dialect')) });

  beforeAll(async () => {
    vi.resetModules();
    vi.stubGlobal('database', undefined);
    vi.stubGlobal('zuoraClient', undefined);
    sandbox = await startSandbox({ port: 0 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    vi.stubEnv('ZUORA_BASE_URL', sandbox.url);
    vi.stubEnv('ZUORA_CLIENT_ID', SANDBOX_CLIENT_ID);
    vi.stubEnv('ZUORA_CLIENT_SECRET', 'not-the-secret');
    vi.stubEnv('NEXTAUTH_SECRET', 'x'.repeat(32));
    vi.stubEnv('NEXTAUTH_URL', 'http://127.0.0.1:3000');
    vi.stubEnv('DATA_DIR', dataDir);
    vi.stubEnv('LOG_LEVEL', 'silent');
    if (kind === 'postgres') {
      const created = await createTestPostgresDatabase();
      dropDatabase = created.drop;
      vi.stubEnv('DATABASE_URL', created.location.url);
    } else {
      vi.stubEnv('DATABASE_URL', undefined);
    }
  });

  afterAll(async () => {
    await (await (await load()).getDatabase()).destroy();
    await dropDatabase();
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  const tokenRequests = async () => ((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { tokenRequests: number }).tokenRequests;

  it('reports Zuora failing to 50 anonymous checks at once, twice over, with one token request', async () => {
    const { checkHealth, getDatabase, databaseKindOf } = await load();
    for (let burst = 0; burst < 2; burst++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => checkHealth()));
      for (const health of results) expect(health).toEqual({ status: 'degraded', checks: { configuration: 'ok', database: 'ok', zuora: 'failing' } });
    }
    expect(await tokenRequests()).toBe(1);
    // The database that answered is the one configured.
    expect(databaseKindOf(await getDatabase())).toBe(kind);
  });
});
