// npm run bench:auto-stop [-- --keys 20 --interval 5000]
// Issue 14: from the moment a mass action's failure rate crosses its auto-stop rule to the stop call
// reaching Zuora, with nobody watching. Needs no build: the console's own server modules run in this
// process (the refresher started as at server start, its rule check, requestStop) against the sandbox,
// on an embedded database of their own. Each mass action's first rows succeed and all the rest fail, so
// its failed share crosses "> 20% after 100 processed" at a known row; the sandbox freezes the counts at
// the stop, so both moments come from the sandbox's own clock and progress (to 1 / rows-per-second).
// Target: at most one refresh interval + 1 s. Prints figures; asserts nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { percentile } from './bench-console';

const { values: args } = parseArgs({ options: { keys: { type: 'string', default: '20' }, interval: { type: 'string', default: '5000' } } });
const KEYS = Number(args.keys);
const INTERVAL_MS = Number(args.interval);
const ROWS = 5000;
const ROWS_PER_SECOND = 100;
const GOOD_ROWS = 400;
const RULE = { afterProcessed: 100, failedPercentAbove: 20, failedAbove: null };

const say = (line = '') => process.stdout.write(`${line}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const sandbox = await startSandbox({ port: 0 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-auto-stop-'));
  Object.assign(process.env, {
    ZUORA_BASE_URL: sandbox.url, ZUORA_CLIENT_ID: SANDBOX_CLIENT_ID, ZUORA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, DATA_DIR: dataDir,
    NEXTAUTH_URL: 'http://127.0.0.1:3999', NEXTAUTH_SECRET: randomBytes(32).toString('base64url'), REFRESH_INTERVAL_MS: String(INTERVAL_MS), LOG_LEVEL: 'warn',
  });
  // Imported after the environment is set: the configuration is read once, on first use.
  const { getDatabase } = await import('../lib/db/database');
  const { registerMassAction } = await import('../lib/mass-actions/registry');
  const { findOwnRule, setAutoStopRule } = await import('../lib/mass-actions/auto-stop/rules');
  const { getStatusRefresher, startBackgroundRefreshes } = await import('../lib/mass-actions/list-service');
  const { ruleMet } = await import('../lib/mass-actions/shared/auto-stop');

  const errorsAt = (processed: number) => Math.max(0, processed - GOOD_ROWS);
  let crossingRow = 1;
  while (!ruleMet(RULE, { processedCount: crossingRow, errorCount: errorsAt(crossingRow) })) crossingRow++;

  const token = ((await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) })).json()) as { access_token: string }).access_token;
  // After GOOD_ROWS rows, every Object Key is blank: the sandbox fails each such row ("Object Key is required").
  const file = 'Object Key,Object Type\n' + Array.from({ length: ROWS }, (_, i) => `${i < GOOD_ROWS ? `INV-${i}` : ''},Invoice Item`).join('\n') + '\n';
  const upload = async (pendingMs: number) => {
    const form = new FormData();
    form.set('file', new Blob([file]), 'bench.csv');
    form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
    const behaviour = { pendingMs, rowsPerSecond: ROWS_PER_SECOND, failEvery: 0, stoppingMs: 2000 };
    const response = await fetch(`${sandbox.url}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
    return ((await response.json()) as { bulkKey: string }).bulkKey;
  };

  say(`${KEYS} mass actions of ${ROWS.toLocaleString('en-US')} rows at ${ROWS_PER_SECOND} rows/s, rule "> 20% failed after 100 processed", crossing at row ${crossingRow};`);
  say(`their crossings spread over one refresh interval (${s(INTERVAL_MS)}); nobody watches. Target: interval + 1 s = ${s(INTERVAL_MS + 1000)}.`);
  const db = await getDatabase();
  const operator = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator' };
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    // Crossings spread over one interval in a low-discrepancy order, not in step with the pacer's order of reads.
    const bulkKey = await upload(2000 + Math.round(((i * 0.618034) % 1) * INTERVAL_MS));
    await registerMassAction(db, { bulkKey, label: `bench ${i + 1}`, registeredBy: operator.email, via: 'api' });
    await setAutoStopRule(db, bulkKey, RULE, operator, {});
    keys.push(bulkKey);
  }
  await fetch(`${sandbox.url}/__sandbox/stats/reset`, { method: 'POST' });
  const startedAt = Date.now();
  startBackgroundRefreshes();

  const deadline = Date.now() + 2000 + INTERVAL_MS + (crossingRow / ROWS_PER_SECOND) * 1000 + 3 * INTERVAL_MS;
  const settled = async () => (await Promise.all(keys.map((k) => findOwnRule(db, k)))).filter((r) => r?.fire_outcome).length;
  while ((await settled()) < KEYS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const runMs = Date.now() - startedAt;
  const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { calls: Record<string, number>; callsByBulkKey: Record<string, number> };
  getStatusRefresher().stopPacer();

  const lags: number[] = [];
  const outcomes = new Map<string, number>();
  for (const bulkKey of keys) {
    const rule = await findOwnRule(db, bulkKey);
    const kind = rule?.fire_outcome ? (JSON.parse(rule.fire_outcome) as { kind: string }).kind : 'not fired';
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    if (kind !== 'accepted') continue;
    // Frozen at the stop: the stop reached the sandbox while row `processed + 1` was being processed.
    const state = (await (await fetch(`${sandbox.url}/v1/bulk/${bulkKey}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { processedCount: number };
    lags.push(((state.processedCount + 1 - crossingRow) * 1000) / ROWS_PER_SECOND);
  }
  lags.sort((a, b) => a - b);
  const perKey = keys.map((k) => stats.callsByBulkKey[k] ?? 0);
  const stopCalls = stats.calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0;

  say();
  say(`outcomes: ${[...outcomes].map(([kind, n]) => `${kind} ${n}`).join(', ')}; stop calls ${stopCalls} for ${KEYS} keys`);
  if (lags.length > 0) {
    say(`crossing → stop call reaching the sandbox (upper bound, ±${s(1000 / ROWS_PER_SECOND)}):`);
    say(`  min ${s(lags[0]!)} · median ${s(percentile(lags, 50))} · p95 ${s(percentile(lags, 95))} · max ${s(lags.at(-1)!)}  (target ≤ ${s(INTERVAL_MS + 1000)}: ${lags.filter((l) => l <= INTERVAL_MS + 1000).length}/${lags.length} within)`);
  }
  say(`Zuora calls per key over ${s(runMs)} (status reads, the stop's own re-read, the stop): min ${Math.min(...perKey)} · max ${Math.max(...perKey)} · total ${perKey.reduce((a, b) => a + b, 0)} (${stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0} reads, ${stopCalls} stops)`);
  say(`  for scale: one read per interval for ${s(runMs)} is ${Math.ceil(runMs / INTERVAL_MS)} per key; after its stop a key is read every second until Stopped (${s(2000)} here)`);

  await sandbox.close();
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
