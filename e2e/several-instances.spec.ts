import pg from 'pg';
import { startPostgresServer, type PostgresServer } from '../lib/testing/postgres-server';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../zuora-sandbox/server';
import { demoAccount, expect, test } from './fixtures';
import { anonymous, csrfTokenOf, signInOverHttp, startOwnConsole, type OwnConsole } from './own-console';
import type { APIRequestContext } from '@playwright/test';

// Three console instances on one PostgreSQL server (started here, thrown away after) and one sandbox
// of their own, so its call counts are theirs alone. As behind a load balancer: one public address
// (NEXTAUTH_URL), one secret, no sticky sessions — any request may land on any instance.
const INTERVAL_MS = 3000;
let postgres: PostgresServer;
let sandbox: Sandbox;
let consoles: OwnConsole[];
let db: pg.Pool;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  postgres = await startPostgresServer();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE console');
  await admin.end();
  db = new pg.Pool({ connectionString: postgres.urlFor('console'), max: 2 });
  // The server's shutdown in afterAll ends the pool's idle sessions: not a failure of the last test.
  db.on('error', () => undefined);
  sandbox = await startSandbox({ port: 4111 });
  const env = {
    DATABASE_URL: postgres.urlFor('console'),
    ZUORA_BASE_URL: sandbox.url,
    NEXTAUTH_URL: 'http://127.0.0.1:3135',
    REFRESH_INTERVAL_MS: String(INTERVAL_MS),
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '5',
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: '1000',
  };
  // All three at once on an empty database: one migrates, the others wait for it.
  consoles = await Promise.all([3135, 3136, 3137].map((port) => startOwnConsole(port, env)));
});

test.afterAll(async () => {
  await Promise.all((consoles ?? []).map((c) => c.stop()));
  await db?.end();
  await sandbox?.close();
  await postgres?.stop();
});

/** A signed-in API client on one instance; the public origin is instance 1's, as behind one address. */
async function signedIn(instance: OwnConsole, role: 'operator' | 'admin' | 'viewer'): Promise<APIRequestContext> {
  const context = await anonymous(instance.url);
  const account = demoAccount(role);
  expect(await signInOverHttp(context, account.email, account.password)).toBeNull();
  return context;
}
const ORIGIN = { origin: 'http://127.0.0.1:3135' };

async function stats(): Promise<Record<string, number>> {
  return ((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { calls: Record<string, number> }).calls;
}
const statusReads = async () => (await stats())['GET /v1/bulk/{bulk-key}'] ?? 0;
const stopCalls = async () => (await stats())['PUT /v1/bulk/{bulk-key}/stop'] ?? 0;

async function setLatency(latencyMs: number): Promise<void> {
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
}

async function startMassAction(rows: number, behaviour: Record<string, unknown>): Promise<string> {
  const token = await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) });
  const { access_token } = (await token.json()) as { access_token: string };
  const form = new FormData();
  form.set('file', new Blob(['Object Key,Object Type,Deferred Revenue Accounting Code\n' + Array.from({ length: rows }, (_, i) => `A-${i},Invoice Item,ACC-${i}`).join('\n') + '\n'], { type: 'text/csv' }), 'e2e.csv');
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  const response = await fetch(`${sandbox.url}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${access_token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
  return ((await response.json()) as { bulkKey: string }).bulkKey;
}

async function register(context: APIRequestContext, keys: string[]): Promise<void> {
  const response = await context.post('/api/mass-actions', { headers: ORIGIN, data: { keys: keys.join('\n') } });
  expect(response.status()).toBeLessThan(300);
}

test('a list watched through all three asks Zuora once per key per interval, not three times', async () => {
  const viewers = await Promise.all(consoles.map((c) => signedIn(c, 'viewer')));
  const operator = await signedIn(consoles[0]!, 'operator');
  const ACTIVE = 8;
  const keys = await Promise.all(Array.from({ length: ACTIVE }, () => startMassAction(1000, { pendingMs: 0, rowsPerSecond: 2 })));
  await register(operator, keys);
  // Every instance has read the list once (the first read of a key is at once): the window starts after.
  await Promise.all(viewers.map((v) => v.get('/api/mass-actions?tab=active')));
  const before = await statusReads();
  const started = Date.now();
  const SECONDS = 45;
  while (Date.now() - started < SECONDS * 1000) {
    await Promise.all(viewers.map((v) => v.get('/api/mass-actions?tab=active')));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const elapsed = (Date.now() - started) / 1000;
  const calls = (await statusReads()) - before;
  const target = (ACTIVE * elapsed * 1000) / INTERVAL_MS;
  console.log(`status reads through 3 instances: ${calls} in ${elapsed.toFixed(1)} s, target ${target.toFixed(0)} (±10%)`);
  expect(calls).toBeGreaterThanOrEqual(Math.floor(target * 0.9));
  expect(calls).toBeLessThanOrEqual(Math.ceil(target * 1.1));
  // And each viewer saw them all, through its own instance.
  for (const viewer of viewers) expect(((await (await viewer.get('/api/mass-actions?tab=active')).json()) as { total: number }).total).toBe(ACTIVE);
});

test('two operators stopping one mass action through two instances make one Zuora stop call and two audit entries', async () => {
  const operator = await signedIn(consoles[1]!, 'operator');
  const admin = await signedIn(consoles[2]!, 'admin');
  const [key] = [await startMassAction(2000, { pendingMs: 0, rowsPerSecond: 5, stoppingMs: 2000 })];
  await register(operator, [key!]);
  await operator.get('/api/mass-actions?tab=active');
  const stopsBefore = await stopCalls();
  // Zuora slow to answer, so the second click lands while the first one's call is under way.
  await setLatency(1500);
  const answers = await Promise.all([
    operator.post(`/api/mass-actions/${key}/stop`, { headers: ORIGIN, data: { reason: 'wrong file (operator)' } }),
    admin.post(`/api/mass-actions/${key}/stop`, { headers: ORIGIN, data: { reason: 'wrong file (admin)' } }),
  ]);
  await setLatency(0);
  expect(answers.map((a) => a.status())).toEqual([200, 200]);
  expect((await stopCalls()) - stopsBefore).toBe(1);
  const trail = await db.query("select actor_email, details from audit_events where bulk_key = $1 and kind = 'stop-request' order by id", [key]);
  expect(trail.rows.map((r: { actor_email: string }) => r.actor_email).sort()).toEqual([demoAccount('admin').email, demoAccount('operator').email].sort());
  expect(trail.rows.map((r: { details: string }) => (JSON.parse(r.details) as { joined: boolean }).joined).sort()).toEqual([false, true]);
});

async function completedKey(operator: APIRequestContext, rows: number): Promise<string> {
  const key = await startMassAction(rows, { pendingMs: 0, rowsPerSecond: 1_000_000, failEvery: 7 });
  await register(operator, [key]);
  await expect.poll(async () => ((await (await operator.get(`/api/mass-actions/${key}`)).json()) as { row?: { state?: { status: string } } }).row?.state?.status, { timeout: 30_000 }).toBe('Completed');
  return key;
}

const resultState = async (context: APIRequestContext, key: string) => {
  const { status } = (await (await context.get(`/api/mass-actions/${key}/result`)).json()) as { status: { state: string; failure?: { message: string } } };
  // A failure says why in the test's output, not only that it is not 'ready'.
  if (status.state === 'failed') console.log(`result file import failed: ${status.failure?.message}`);
  return status;
};

test('a result file imported through one instance is viewed through another', async () => {
  const first = await signedIn(consoles[0]!, 'operator');
  const second = await signedIn(consoles[1]!, 'viewer');
  const key = await completedKey(first, 3000);
  await resultState(first, key);
  await expect.poll(async () => (await resultState(second, key)).state, { timeout: 30_000 }).toBe('ready');
  const imports = await db.query('select status, rows_imported from result_imports where bulk_key = $1', [key]);
  expect(imports.rows).toEqual([{ status: 'ready', rows_imported: 3000 }]);
});

test('an instance killed in the middle of an import is taken over by another, and nothing half-imported is shown', async () => {
  const doomed = await signedIn(consoles[2]!, 'operator');
  const survivor = await signedIn(consoles[0]!, 'viewer');
  const key = await completedKey(doomed, 3000);
  // Zuora slow to serve the file: the import is claimed and under way when its instance dies.
  await setLatency(3000);
  expect((await resultState(doomed, key)).state).toBe('importing');
  await consoles[2]!.kill();
  await setLatency(0);
  const left = await db.query('select status from result_imports where bulk_key = $1', [key]);
  expect(left.rows).toEqual([{ status: 'importing' }]);
  await expect.poll(async () => (await resultState(survivor, key)).state, { timeout: 45_000 }).toBe('ready');
  const imports = await db.query('select status, rows_imported from result_imports where bulk_key = $1', [key]);
  expect(imports.rows).toEqual([{ status: 'ready', rows_imported: 3000 }]);
  // The others carry on: the list still answers on both.
  for (const instance of consoles.slice(0, 2)) expect((await (await (await signedIn(instance, 'viewer')).get('/api/mass-actions?tab=all')).status())).toBe(200);
});

test('the sign-in throttle is counted across instances: 40 guesses at once through two instances are checked 5 times', async () => {
  const operator = demoAccount('operator');
  const contexts = await Promise.all(consoles.slice(0, 2).map((c) => anonymous(c.url)));
  const tokens = await Promise.all(contexts.map((c) => csrfTokenOf(c)));
  const errors = await Promise.all(Array.from({ length: 40 }, (_, i) => signInOverHttp(contexts[i % 2]!, operator.email, 'wrong password', tokens[i % 2])));
  expect(errors.filter((e) => e === 'CredentialsSignin')).toHaveLength(5);
  expect(errors.filter((e) => e?.startsWith('Too many failed sign-ins'))).toHaveLength(35);
  for (const [i, context] of contexts.entries()) expect(await signInOverHttp(context, operator.email, operator.password, tokens[i])).toMatch(/^Too many failed sign-ins/);
});

test('an auto-stop rule set through one instance fires once with nobody watching any of them: one stop call, one stop entry', async () => {
  // The operator is throttled by the test before: the admin, who may operate too.
  const [first, second] = await Promise.all(consoles.slice(0, 2).map((c) => signedIn(c, 'admin')));
  const key = await startMassAction(5000, { pendingMs: 0, rowsPerSecond: 40, failEvery: 2, stoppingMs: 500 });
  await register(first!, [key]);
  const stopsBefore = await stopCalls();
  const rule = await second!.put(`/api/mass-actions/${key}/auto-stop`, { headers: ORIGIN, data: { failedAbove: 100 } });
  expect(rule.status()).toBe(200);
  await expect.poll(async () => (await db.query('select status from mass_actions where bulk_key = $1', [key])).rows[0]?.status, { timeout: 30_000 }).toMatch(/Stopping|Stopped/);
  await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
  expect(await stopCalls()).toBe(stopsBefore + 1);
  const stops = await db.query("select actor_email, summary from audit_events where bulk_key = $1 and kind = 'stop-request'", [key]);
  expect(stops.rows).toEqual([{ actor_email: 'console', summary: expect.stringContaining('Zuora accepted it') }]);
  const fired = await db.query('select fired_at, fired_summary from auto_stop_rules where bulk_key = $1', [key]);
  expect(fired.rows[0]?.fired_summary).toMatch(/^auto-stop: [\d,]+ of [\d,]+ processed rows failed/);
});

test('one bulk stop sent through two instances at once (a double submit) makes one Zuora stop per key', async () => {
  const [first, second] = await Promise.all(consoles.slice(0, 2).map((c) => signedIn(c, 'admin')));
  const keys = await Promise.all(Array.from({ length: 12 }, () => startMassAction(5000, { pendingMs: 0, rowsPerSecond: 5, stoppingMs: 500 })));
  await register(first!, keys);
  const stopsBefore = await stopCalls();
  const body = { target: { keys }, reason: 'wrong price list', expectedKeys: keys };
  // Zuora slow enough that the first is still under way when the second arrives, as with a real tenant.
  await setLatency(300);
  const answers = await Promise.all([first!, second!].map((context) => context.post('/api/mass-actions/bulk-stop', { headers: ORIGIN, data: body })));
  await setLatency(0);
  const counts = await Promise.all(answers.map(async (a) => (a.ok() ? ((await a.json()) as { counts: Record<string, number> }).counts : null)));
  // The second request joins the first's bulk stop, on whichever instance: the same answer, one batch.
  expect(counts).toEqual([expect.objectContaining({ stopped: 12 }), expect.objectContaining({ stopped: 12 })]);
  expect(await stopCalls()).toBe(stopsBefore + 12);
  const batches = await db.query("select batch_id from audit_events where kind = 'stop-batch' and details like '%wrong price list%' order by id");
  expect(batches.rows).toEqual([{ batch_id: null }, { batch_id: expect.any(Number) }]);
});
