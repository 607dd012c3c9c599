// npm run bench:list — Zuora calls and list latency with many viewers (issue 4's benchmark).
// 1,000 registered mass actions, 100 of them active in the sandbox, 50 simulated viewers polling the
// list API of the built console for 60 s. Prints the Zuora status calls made beside the target
// (100 × 60 s / interval) and the naive figure (one call per viewer per action per poll).
import { parseArgs } from 'node:util';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { percentile, startBenchConsole } from './bench-console';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, viewers: { type: 'string', default: '50' }, active: { type: 'string', default: '100' } } });
const SECONDS = Number(args.seconds);
const VIEWERS = Number(args.viewers);
const INTERVAL_MS = 5000;
const ACTIVE = Number(args.active);
const TERMINAL = 900;
const PORT = 3400;

async function upload(baseUrl: string, token: string, behaviour: object): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob(['Account Number,Accounting Code\n' + Array.from({ length: 1000 }, (_, i) => `A-${i},ACC-${i}`).join('\n')]), 'bench.csv');
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  const response = await fetch(`${baseUrl}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
  return ((await response.json()) as { bulkKey: string }).bulkKey;
}

async function main() {
  const sandbox = await startSandbox({ port: 0 });
  const token = ((await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) })).json()) as { access_token: string }).access_token;

  process.stdout.write(`starting ${ACTIVE} active and ${TERMINAL} finished mass actions in the sandbox…\n`);
  const active = await Promise.all(Array.from({ length: ACTIVE }, () => upload(sandbox.url, token, { pendingMs: 0, rowsPerSecond: 1 })));
  const finished = await Promise.all(Array.from({ length: TERMINAL }, () => upload(sandbox.url, token, { pendingMs: 0, rowsPerSecond: 1_000_000 })));

  const consoleApp = await startBenchConsole(sandbox.url, PORT, { REFRESH_INTERVAL_MS: String(INTERVAL_MS) }, (register) => register([...active, ...finished]));
  const { url: consoleUrl, cookie } = consoleApp;
  // One warm-up pass reads every key once (the finished ones then never again), then counting starts.
  await fetch(`${consoleUrl}/api/mass-actions?tab=all`, { headers: { cookie } });
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
  await fetch(`${sandbox.url}/__sandbox/stats/reset`, { method: 'POST' });

  process.stdout.write(`${VIEWERS} viewers polling every ${INTERVAL_MS / 1000} s for ${SECONDS} s…\n`);
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  // Read Zuora's count at the deadline itself, not after the viewers' last sleeps.
  const statsAtDeadline = new Promise<{ calls: Record<string, number>; callsByBulkKey: Record<string, number> }>((resolve) => {
    setTimeout(() => void fetch(`${sandbox.url}/__sandbox/stats`).then((r) => r.json()).then(resolve), SECONDS * 1000);
  });
  await Promise.all(Array.from({ length: VIEWERS }, async (_, viewer) => {
    await new Promise((r) => setTimeout(r, (viewer / VIEWERS) * INTERVAL_MS));
    while (Date.now() < deadline) {
      const started = performance.now();
      const response = await fetch(`${consoleUrl}/api/mass-actions`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`list answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
  }));
  const stats = await statsAtDeadline;
  const perKey = active.map((key) => stats.callsByBulkKey[key] ?? 0).sort((a, b) => a - b);
  const zuoraCalls = stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0;
  const target = (ACTIVE * SECONDS * 1000) / INTERVAL_MS;
  const naive = VIEWERS * ACTIVE * Math.ceil((SECONDS * 1000) / INTERVAL_MS);
  latencies.sort((a, b) => a - b);
  process.stdout.write([
    '',
    `registered mass actions          ${ACTIVE + TERMINAL} (${ACTIVE} active)`,
    `Zuora status calls (console)     ${zuoraCalls}`,
    `target: 100 × ${SECONDS} s / ${INTERVAL_MS / 1000} s      ${target} (±10%: ${Math.round(target * 0.9)}–${Math.round(target * 1.1)}) → ${Math.abs(zuoraCalls - target) <= target * 0.1 ? 'met' : 'MISSED'}`,
    `naive: one call per viewer/action/poll  ${naive}`,
    `calls per active key min/median/max     ${perKey[0] ?? 0} / ${perKey[Math.floor(perKey.length / 2)] ?? 0} / ${perKey.at(-1) ?? 0}`,
    `list API requests                ${latencies.length}`,
    `list API latency p50 / p95       ${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 95).toFixed(1)} ms (target p95 ≤ 50 ms) → ${percentile(latencies, 95) <= 50 ? 'met' : 'MISSED'}`,
    '',
  ].join('\n'));
  await consoleApp.stop();
  await sandbox.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
