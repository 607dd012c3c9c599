// npm run bench:list [-- --database postgres --instances 3 --seconds 60]
// Zuora calls and list latency with many viewers. 1,000 registered mass actions, 100 of them active in
// the sandbox, 50 simulated viewers polling the list API of the built console for 60 s. Prints the
// Zuora status calls made beside the target (100 × 60 s / interval) and the naive figure (one call
// per viewer per action per poll). With --database postgres the same run measures the embedded SQLite
// console first (the baseline), then --instances consoles on one throwaway PostgreSQL server with the
// viewers spread over them, and prints both side by side.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgresServer } from '../lib/testing/postgres-server';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { percentile, startBenchConsole, type BenchConsole } from './bench-console';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' }, viewers: { type: 'string', default: '50' }, active: { type: 'string', default: '100' },
    database: { type: 'string', default: 'sqlite' }, instances: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(args.seconds);
const VIEWERS = Number(args.viewers);
const INTERVAL_MS = 5000;
const ACTIVE = Number(args.active);
const TERMINAL = 900;
const PORT = 3400;
if (args.database !== 'sqlite' && args.database !== 'postgres') throw new Error('--database is sqlite or postgres');

async function upload(baseUrl: string, token: string, behaviour: object): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob(['Object Key,Object Type,Deferred Revenue Accounting Code\n' + Array.from({ length: 1000 }, (_, i) => `A-${i},Invoice Item,ACC-${i}`).join('\n')]), 'bench.csv');
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  const response = await fetch(`${baseUrl}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
  return ((await response.json()) as { bulkKey: string }).bulkKey;
}

interface Figures {
  setup: string;
  zuoraCalls: number;
  perKey: number[];
  requests: number;
  p50: number;
  p95: number;
}

/** One measurement: a fresh sandbox and its mass actions, then `consoles` polled by the viewers. */
async function measure(setup: string, startConsoles: (sandboxUrl: string, keys: string[]) => Promise<BenchConsole[]>): Promise<Figures> {
  const sandbox = await startSandbox({ port: 0 });
  const token = ((await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) })).json()) as { access_token: string }).access_token;
  process.stdout.write(`\n[${setup}] starting ${ACTIVE} active and ${TERMINAL} finished mass actions in the sandbox…\n`);
  const active = await Promise.all(Array.from({ length: ACTIVE }, () => upload(sandbox.url, token, { pendingMs: 0, rowsPerSecond: 1 })));
  const finished = await Promise.all(Array.from({ length: TERMINAL }, () => upload(sandbox.url, token, { pendingMs: 0, rowsPerSecond: 1_000_000 })));
  const consoles = await startConsoles(sandbox.url, [...active, ...finished]);
  // One warm-up pass reads every key once (the finished ones then never again), then counting starts.
  await Promise.all(consoles.map((c) => fetch(`${c.url}/api/mass-actions?tab=all`, { headers: { cookie: c.cookie } })));
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
  await fetch(`${sandbox.url}/__sandbox/stats/reset`, { method: 'POST' });

  process.stdout.write(`[${setup}] ${VIEWERS} viewers over ${consoles.length} instance(s), polling every ${INTERVAL_MS / 1000} s for ${SECONDS} s…\n`);
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  // Read Zuora's count at the deadline itself, not after the viewers' last sleeps.
  const statsAtDeadline = new Promise<{ calls: Record<string, number>; callsByBulkKey: Record<string, number> }>((resolve) => {
    setTimeout(() => void fetch(`${sandbox.url}/__sandbox/stats`).then((r) => r.json()).then(resolve), SECONDS * 1000);
  });
  await Promise.all(Array.from({ length: VIEWERS }, async (_, viewer) => {
    const instance = consoles[viewer % consoles.length]!;
    await new Promise((r) => setTimeout(r, (viewer / VIEWERS) * INTERVAL_MS));
    while (Date.now() < deadline) {
      const started = performance.now();
      const response = await fetch(`${instance.url}/api/mass-actions`, { headers: { cookie: instance.cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`list answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
  }));
  const stats = await statsAtDeadline;
  await Promise.all(consoles.map((c) => c.stop()));
  await sandbox.close();
  latencies.sort((a, b) => a - b);
  return {
    setup,
    zuoraCalls: stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0,
    perKey: active.map((key) => stats.callsByBulkKey[key] ?? 0).sort((a, b) => a - b),
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

async function onSqlite(): Promise<Figures> {
  return measure('SQLite, 1 instance', async (sandboxUrl, keys) => [await startBenchConsole(sandboxUrl, PORT, { REFRESH_INTERVAL_MS: String(INTERVAL_MS) }, (register) => register(keys))]);
}

async function onPostgres(instances: number): Promise<Figures> {
  const server = await startPostgresServer();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE console');
    await admin.end();
    // One secret and one database: a session signed in on one instance is good on all of them.
    const env = { REFRESH_INTERVAL_MS: String(INTERVAL_MS), DATABASE_URL: server.urlFor('console'), NEXTAUTH_SECRET: randomBytes(32).toString('base64url') };
    return await measure(`PostgreSQL, ${instances} instances`, async (sandboxUrl, keys) => {
      const first = await startBenchConsole(sandboxUrl, PORT, env, (register) => register(keys));
      const others = await Promise.all(Array.from({ length: instances - 1 }, (_, i) => startBenchConsole(sandboxUrl, PORT + 1 + i, env)));
      return [first, ...others];
    });
  } finally {
    await server.stop();
  }
}

function report(all: Figures[]): void {
  const target = (ACTIVE * SECONDS * 1000) / INTERVAL_MS;
  const naive = VIEWERS * ACTIVE * Math.ceil((SECONDS * 1000) / INTERVAL_MS);
  const cell = (text: string | number) => String(text).padStart(26);
  const row = (label: string, values: (string | number)[]) => `${label.padEnd(36)}${values.map(cell).join('')}`;
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  process.stdout.write([
    '',
    `registered mass actions ${ACTIVE + TERMINAL} (${ACTIVE} active), ${VIEWERS} viewers, ${SECONDS} s, refresh interval ${INTERVAL_MS / 1000} s`,
    `target Zuora status calls: ${ACTIVE} × ${SECONDS} s / ${INTERVAL_MS / 1000} s = ${target} (±10%: ${Math.round(target * 0.9)}–${Math.round(target * 1.1)}); naive (one per viewer/action/poll): ${naive}`,
    '',
    row('', all.map((f) => f.setup)),
    row('Zuora status calls', all.map((f) => `${f.zuoraCalls} (${met(Math.abs(f.zuoraCalls - target) <= target * 0.1)})`)),
    row('calls per active key min/med/max', all.map((f) => `${f.perKey[0] ?? 0} / ${f.perKey[Math.floor(f.perKey.length / 2)] ?? 0} / ${f.perKey.at(-1) ?? 0}`)),
    row('list API requests', all.map((f) => f.requests)),
    row('list API p50', all.map((f) => `${f.p50.toFixed(1)} ms`)),
    row('list API p95 (target ≤ 50 ms)', all.map((f) => `${f.p95.toFixed(1)} ms (${met(f.p95 <= 50)})`)),
    '',
  ].join('\n'));
}

async function main() {
  const figures = [await onSqlite()];
  if (args.database === 'postgres') figures.push(await onPostgres(Number(args.instances)));
  report(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
