// npm run bench:bulk-stop — stopping 100 active mass actions through the built console (issue 14).
// Needs `npm run build` first. Prints figures; asserts nothing. Side by side in the same run:
//  - the baseline: the same number stopped one by one through the single Stop (each request awaited,
//    as a script or a very fast operator would);
//  - the bulk stop: one request for all of them.
// For each: the time until every one is Stopping in Zuora (the sandbox's own answer), and the Zuora
// calls per key the stop made (the sandbox counts calls by key; the refresher is kept out of it by
// nobody watching and a long interval).
import { parseArgs } from 'node:util';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { percentile, signIn, startBenchConsole } from './bench-console';

const { values: args } = parseArgs({ options: { count: { type: 'string', default: '100' }, latency: { type: 'string', default: '0' } } });
const COUNT = Number(args.count);
// Zuora answers in 100–400 ms; the sandbox at once unless asked to be slower (its latency fault).
const LATENCY_MS = Number(args.latency);
const PORT = 3460;

const say = (line = '') => process.stdout.write(`${line}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const sandbox = await startSandbox({ port: 0 });
  const token = ((await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) })).json()) as { access_token: string }).access_token;
  const upload = async () => {
    const form = new FormData();
    form.set('file', new Blob(['Object Key,Object Type\n' + Array.from({ length: 5000 }, (_, i) => `A-${i},Invoice Item`).join('\n')]), 'bench.csv');
    form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
    const behaviour = { pendingMs: 0, rowsPerSecond: 2, stoppingMs: 600_000 };
    const response = await fetch(`${sandbox.url}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
    return ((await response.json()) as { bulkKey: string }).bulkKey;
  };
  const control = (path: string, init?: RequestInit) => fetch(`${sandbox.url}/__sandbox/${path}`, init);
  const stats = async () => (await (await control('stats')).json()) as { calls: Record<string, number>; callsByBulkKey: Record<string, number> };
  const allStopping = async (keys: string[]) => {
    const states = await Promise.all(keys.map(async (key) => ((await (await fetch(`${sandbox.url}/v1/bulk/${key}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string }).status));
    return states.every((status) => status === 'Stopping');
  };

  const baselineKeys = await Promise.all(Array.from({ length: COUNT }, upload));
  const bulkKeys = await Promise.all(Array.from({ length: COUNT }, upload));
  const app = await startBenchConsole(sandbox.url, PORT, { REFRESH_INTERVAL_MS: '600000' }, (register) => register([...baselineKeys, ...bulkKeys]));
  const cookie = await signIn(app.url, 'operator');
  const headers = { cookie, origin: app.url, 'content-type': 'application/json' };
  if (LATENCY_MS > 0) await control('faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: LATENCY_MS }) });

  try {
    say(`${COUNT} active mass actions per contender, Zuora answering in ${LATENCY_MS} ms (sandbox${LATENCY_MS ? ' latency fault' : ''}); Node ${process.version}.`);
    say();
    const results: { name: string; ms: number; perKey: number[]; stops: number; refused: number }[] = [];
    for (const contender of ['one by one (baseline)', 'bulk stop'] as const) {
      const keys = contender === 'bulk stop' ? bulkKeys : baselineKeys;
      await control('stats/reset', { method: 'POST' });
      const started = performance.now();
      let refused = 0;
      if (contender === 'bulk stop') {
        const response = await fetch(`${app.url}/api/mass-actions/bulk-stop`, { method: 'POST', headers, body: JSON.stringify({ target: { keys }, reason: 'bench', expectedKeys: keys }) });
        const answer = (await response.json()) as { counts?: Record<string, number>; error?: { message: string } };
        if (!answer.counts) throw new Error(`bulk stop refused: ${answer.error?.message}`);
        refused = keys.length - (answer.counts.stopped ?? 0);
      } else {
        for (const key of keys) {
          const response = await fetch(`${app.url}/api/mass-actions/${key}/stop`, { method: 'POST', headers, body: JSON.stringify({ reason: 'bench' }) });
          if (!response.ok) refused += 1;
        }
      }
      const answeredMs = performance.now() - started;
      const snapshot = await stats();
      while (!(await allStopping(keys))) await new Promise((r) => setTimeout(r, 50));
      const perKey = keys.map((key) => snapshot.callsByBulkKey[key] ?? 0).sort((a, b) => a - b);
      results.push({ name: contender, ms: answeredMs, perKey, stops: snapshot.calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0, refused });
    }
    say('contender                 all Stopping after   calls per key (min/median/max)   stop calls   re-reads + refresher reads   not stopped');
    for (const r of results) {
      // Each accepted stop is one read and one stop call; whatever else the sandbox counted is the
      // refresher reading the keys already Stopping at the 1 s Stopping pace, as after any stop.
      const total = r.perKey.reduce((sum, n) => sum + n, 0);
      const refresher = total - 2 * r.stops;
      say(`${r.name.padEnd(26)}${s(r.ms).padStart(9)}            ${`${r.perKey[0]}/${percentile(r.perKey, 50)}/${r.perKey.at(-1)}`.padStart(8)}                        ${String(r.stops).padStart(5)}        ${`${r.stops} + ${refresher}`.padStart(10)}                   ${r.refused}`);
    }
    say();
    say(`Target: every one Stopping, at most 2 Zuora calls per key (read, stop). Bulk stop ${(results[0]!.ms / results[1]!.ms).toFixed(1)}× faster than one by one.`);
  } finally {
    await app.stop();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
