// npm run bench:stop — how closely the screen follows Zuora, in Chromium, through the built console
// (issue 11, item 2). Needs `npm run build` first. Prints figures; asserts nothing.
//  1. Click Stop → "Stopped" on screen, against the time the sandbox takes to stop (a known Stopping
//     time), with the page's server-sent events and, as the baseline, with them blocked (poll only).
//  2. A status change (Pending → Processing at a known time) → on screen, in many viewers' browsers at
//     once, and the Zuora status calls the console made meanwhile.
import { chromium, type Browser, type Page } from '@playwright/test';
import { parseArgs } from 'node:util';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { percentile, startBenchConsole } from './bench-console';
import { DEMO_ACCOUNTS } from './demo-accounts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, viewers: { type: 'string', default: '10' } } });
const ROUNDS = Number(args.rounds);
const VIEWERS = Number(args.viewers);
const INTERVAL_MS = 5000;
const STOPPING_MS = 3000;
const PENDING_MS = 12_000;
const PORT = 3450;

const say = (line = '') => process.stdout.write(`${line}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

async function main() {
  const sandbox = await startSandbox({ port: 0 });
  const token = ((await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET, grant_type: 'client_credentials' }) })).json()) as { access_token: string }).access_token;
  const upload = async (behaviour: object) => {
    const form = new FormData();
    form.set('file', new Blob(['Object Key,Object Type,Deferred Revenue Accounting Code\n' + Array.from({ length: 2000 }, (_, i) => `A-${i},Invoice Item,ACC-${i}`).join('\n')]), 'bench.csv');
    form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
    const response = await fetch(`${sandbox.url}/v1/bulk`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) } });
    return ((await response.json()) as { bulkKey: string }).bulkKey;
  };
  /** When the sandbox itself first says `status` for `bulkKey`, polled every 25 ms. */
  const zuoraSays = async (bulkKey: string, status: string) => {
    for (;;) {
      const state = (await (await fetch(`${sandbox.url}/v1/bulk/${bulkKey}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
      if (state.status === status) return Date.now();
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const consoleApp = await startBenchConsole(sandbox.url, PORT, { REFRESH_INTERVAL_MS: String(INTERVAL_MS) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    say(`Zuora sandbox: Stopping lasts ${s(STOPPING_MS)}; the console reads Zuora every ${s(INTERVAL_MS)} (every 1 s while Stopping). Node ${process.version}, Chromium.`);
    say();
    say(`1. Click Stop → "Stopped" on screen, ${ROUNDS} rounds each (target: Zuora's Stopping time + 2 s = ${s(STOPPING_MS + 2000)}):`);
    for (const contender of ['with server-sent events', 'poll only (events blocked)'] as const) {
      const page = await signedInPage(browser, consoleApp.url, 'operator');
      if (contender.startsWith('poll')) await page.route('**/api/mass-actions/events', (route) => route.abort());
      const screen: number[] = [];
      const zuora: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const bulkKey = await upload({ pendingMs: 0, rowsPerSecond: 5, stoppingMs: STOPPING_MS });
        await consoleApp.register([bulkKey]);
        await page.goto(`${consoleApp.url}/mass-actions/${bulkKey}`);
        await page.getByRole('main').getByText('Processing', { exact: true }).first().waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Stop', exact: true }).click();
        const clicked = Date.now();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Stop mass action' }).click();
        const [zuoraStopped] = await Promise.all([zuoraSays(bulkKey, 'Stopped'), page.getByRole('main').getByText('Stopped', { exact: true }).first().waitFor({ timeout: 60_000 })]);
        screen.push(Date.now() - clicked);
        zuora.push(zuoraStopped - clicked);
      }
      say(`  ${contender.padEnd(28)} on screen after: median ${s(median(screen))}, worst ${s(Math.max(...screen))}   (Zuora said Stopped after: median ${s(median(zuora))})   → ${Math.max(...screen) <= STOPPING_MS + 2000 ? 'met' : 'not met'}`);
      await page.context().close();
    }

    say();
    say(`2. Pending → Processing (at ${s(PENDING_MS)} after upload) on ${VIEWERS} viewers' screens at once (target: one interval + 1 s = ${s(INTERVAL_MS + 1000)}):`);
    // One after another: sign-ins at once for one account would meet the throttle, which holds a place
    // for each attempt until its password is checked.
    const viewers: Page[] = [];
    for (let i = 0; i < VIEWERS; i++) viewers.push(await signedInPage(browser, consoleApp.url, 'viewer'));
    // Known from the upload, not polled: polling the sandbox would count among the console's calls.
    const uploadedAt = Date.now();
    const bulkKey = await upload({ pendingMs: PENDING_MS, rowsPerSecond: 5 });
    const zuoraProcessing = uploadedAt + PENDING_MS;
    await consoleApp.register([bulkKey]);
    await Promise.all(viewers.map(async (page) => {
      await page.goto(`${consoleApp.url}/mass-actions?q=${bulkKey}`);
      await page.getByRole('row').filter({ hasText: 'Pending' }).first().waitFor({ timeout: 30_000 });
    }));
    await fetch(`${sandbox.url}/__sandbox/stats/reset`, { method: 'POST' });
    const started = Date.now();
    const seen = await Promise.all(viewers.map(async (page) => {
      await page.getByRole('row').filter({ hasText: 'Processing' }).first().waitFor({ timeout: 60_000 });
      return Date.now();
    }));
    const lags = seen.map((t) => t - zuoraProcessing);
    const elapsed = Date.now() - started;
    const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { calls: Record<string, number> };
    say(`  Zuora → screen: median ${s(median(lags))}, worst ${s(Math.max(...lags))} over ${VIEWERS} viewers → ${Math.max(...lags) <= INTERVAL_MS + 1000 ? 'met' : 'not met'}`);
    say(`  Zuora status calls by the console in those ${s(elapsed)}: ${stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0} for 1 active mass action and ${VIEWERS} viewers (one per interval: ${Math.ceil(elapsed / INTERVAL_MS)})`);
  } finally {
    await browser.close();
    await consoleApp.stop();
    await sandbox.close();
  }
}

async function signedInPage(browser: Browser, consoleUrl: string, role: 'operator' | 'viewer'): Promise<Page> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const context = await browser.newContext({ baseURL: consoleUrl, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Mass actions' }).waitFor();
  return page;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
