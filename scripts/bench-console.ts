// The built console started for a benchmark: its own data folder, a demo viewer signed in.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { TENANT_TIME_ZONE } from '../zuora-sandbox/zuora-time';
import { needsBuild } from './build-freshness';
import { DEMO_ACCOUNTS, demoAccountsConfig } from './demo-accounts';

const root = path.resolve(import.meta.dirname, '..');

export interface BenchConsole {
  url: string;
  cookie: string;
  /** Registers keys straight in the console's database, as the demo does. */
  register(bulkKeys: string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A built console on `port`. With DATABASE_URL in `extraEnv` it runs on that PostgreSQL database, and
 * several started with the same DATABASE_URL and NEXTAUTH_SECRET are instances of one console.
 */
export async function startBenchConsole(sandboxUrl: string, port: number, extraEnv: Record<string, string> = {}, beforeStart?: (register: BenchConsole['register']) => Promise<void>): Promise<BenchConsole> {
  if (needsBuild(root)) throw new Error('Build the console first: npm run build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-console-'));
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1', ZUORA_BASE_URL: sandboxUrl,
    ZUORA_CLIENT_ID: SANDBOX_CLIENT_ID, ZUORA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, ZUORA_TIME_ZONE: TENANT_TIME_ZONE, DATA_DIR: dataDir,
    NEXTAUTH_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString('base64url'), CONSOLE_LOCAL_ACCOUNTS: await demoAccountsConfig(),
    LOG_LEVEL: 'warn', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '1000', ...extraEnv,
  };
  Object.assign(process.env, env);
  const { openDatabase, databaseFile } = await import('../lib/db/database');
  const { registerMassAction } = await import('../lib/mass-actions/registry');
  const register = async (bulkKeys: string[]) => {
    const db = await openDatabase(extraEnv.DATABASE_URL ? { kind: 'postgres', url: extraEnv.DATABASE_URL, poolSize: 2 } : databaseFile(dataDir));
    for (const bulkKey of bulkKeys) await registerMassAction(db, { bulkKey, label: null, registeredBy: 'bench@example.com', via: 'api' });
    await db.destroy();
  };
  await beforeStart?.(register);

  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts'), '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    cookie: await signIn(url),
    register,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A session cookie for one of the demo accounts (the viewer unless said). */
export async function signIn(consoleUrl: string, role: 'viewer' | 'operator' | 'admin' = 'viewer'): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const csrf = await fetch(`${consoleUrl}/api/auth/csrf`);
  const first = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${consoleUrl}/api/auth/callback/local`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: first, origin: consoleUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email: account.email, password: account.password }),
  });
  return [first, ...callback.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
