import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Browser } from '@playwright/test';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { TENANT_TIME_ZONE } from '../zuora-sandbox/zuora-time';
import { demoAccountsConfig } from '../scripts/demo-accounts';
import { E2E_SANDBOX_URL } from './stack';

// A console of the test's own: the built server (server.ts) on its own port and data folder, against
// the shared sandbox, with the environment the test needs. For tests that burn a throttle, restart the
// console with other accounts, or watch the server's memory, without disturbing the shared console.

export interface OwnConsole {
  url: string;
  dataDir: string;
  /** Everything the server printed on stdout, line by line. */
  stdout(): string[];
  /** The server's resident memory in bytes, from /proc. */
  rss(): number;
  restart(env?: Record<string, string>): Promise<void>;
  /** SIGKILL, as a crash or an out-of-memory kill would: nothing is flushed, nothing is said. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnConsole(port: number, env: Record<string, string> = {}): Promise<OwnConsole> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'own-console-'));
  const url = `http://127.0.0.1:${port}`;
  const base = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
    ZUORA_BASE_URL: E2E_SANDBOX_URL,
    ZUORA_CLIENT_ID: SANDBOX_CLIENT_ID,
    ZUORA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    ZUORA_TIME_ZONE: TENANT_TIME_ZONE,
    DATA_DIR: dataDir,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: 'own-console-secret-'.padEnd(48, 'x'),
    CONSOLE_LOCAL_ACCOUNTS: await demoAccountsConfig(),
  };
  let child: ChildProcess;
  let lines: string[] = [];

  async function start(extra: Record<string, string>) {
    child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--port', String(port), '--hostname', '127.0.0.1'], { env: { ...base, ...extra }, stdio: ['ignore', 'pipe', 'inherit'] });
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
    for (const deadline = Date.now() + 60_000; ; ) {
      if (child.exitCode !== null) throw new Error(`the console on port ${port} exited (${child.exitCode})`);
      const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the console on port ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function stop() {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  await start(env);
  return {
    url,
    dataDir,
    stdout: () => lines,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    async restart(extra = {}) {
      await stop();
      lines = [];
      await start({ ...env, ...extra });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.signalCode === null) await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh cookie jar on `url`, as a browser that has not signed in. */
export function anonymous(url: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: url, extraHTTPHeaders: { origin: url } });
}

/** next-auth's credentials sign-in over HTTP, as the sign-in form does it. Answers the error code, or null when signed in. */
export async function signInOverHttp(context: APIRequestContext, email: string, password: string, csrfToken?: string): Promise<string | null> {
  const token = csrfToken ?? (await csrfTokenOf(context));
  const response = await context.post('/api/auth/callback/local', { form: { csrfToken: token, email, password, json: 'true' } });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get('error');
}

/** A browser page on `own`, signed in over HTTP as `account`, and its context for the test to close. */
export async function signedInPage(browser: Browser, own: OwnConsole, account: { email: string; password: string }) {
  const http = await anonymous(own.url);
  const error = await signInOverHttp(http, account.email, account.password);
  if (error) throw new Error(`sign-in as ${account.email} failed: ${error}`);
  const context = await browser.newContext({ baseURL: own.url, storageState: await http.storageState() });
  await http.dispose();
  return { context, page: await context.newPage() };
}

export async function csrfTokenOf(context: APIRequestContext): Promise<string> {
  return ((await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
}

/** The session cookie of `context`, to replay from elsewhere. */
export async function sessionCookieOf(context: APIRequestContext): Promise<string> {
  const cookie = (await context.storageState()).cookies.find((c) => c.name.endsWith('next-auth.session-token'));
  if (!cookie) throw new Error('not signed in');
  return `${cookie.name}=${cookie.value}`;
}
