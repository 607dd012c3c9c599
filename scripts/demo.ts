// npm run demo: the console against the built-in Zuora sandbox, with the embedded database.
// Options: --port 3000 --sandbox-port 4010 --data-dir data/demo --fresh (start from an empty data folder)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';
import { seedScenarios } from '../zuora-sandbox/scenarios';
import { TENANT_TIME_ZONE } from '../zuora-sandbox/zuora-time';
import { needsBuild } from './build-freshness';
import { DEMO_ACCOUNTS, demoAccountsConfig } from './demo-accounts';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'sandbox-port': { type: 'string', default: '4010' },
    'data-dir': { type: 'string', default: 'data/demo' },
    fresh: { type: 'boolean', default: false },
  },
});

function say(line: string) {
  process.stdout.write(`[demo] ${line}\n`);
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The console did not become healthy at ${url} within ${timeoutMs / 1000} s.`);
}

async function main() {
  const dataDir = path.resolve(root, args['data-dir']);
  if (args.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  const isFirstRun = !fs.existsSync(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (isFirstRun) say(`created the data folder ${path.relative(root, dataDir)}`);

  if (needsBuild(root)) {
    say('building the console (next build)…');
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (build.status !== 0) throw new Error('next build failed; see above.');
  }

  const sandbox = await startSandbox({ port: Number(args['sandbox-port']) });
  say(`Zuora sandbox listening at ${sandbox.url}`);
  const seeded = await seedScenarios(sandbox.url);
  say(`started ${seeded.length} mass actions in the sandbox through POST /v1/bulk`);

  const consoleUrl = `http://127.0.0.1:${args.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ZUORA_BASE_URL: sandbox.url,
    ZUORA_CLIENT_ID: SANDBOX_CLIENT_ID,
    ZUORA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    // The sandbox writes its timestamps in this tenant time zone, as a real tenant does in its own.
    ZUORA_TIME_ZONE: TENANT_TIME_ZONE,
    DATA_DIR: dataDir,
    NEXTAUTH_URL: consoleUrl,
    NEXTAUTH_SECRET: readOrCreateSecret(path.join(dataDir, 'auth-secret')),
    CONSOLE_LOCAL_ACCOUNTS: await demoAccountsConfig(),
    // The sign-in page lists them: a demo on loopback against a simulated Zuora, nothing to protect.
    DEMO_SIGN_IN_ACCOUNTS: JSON.stringify(DEMO_ACCOUNTS.map(({ email, password, role }) => ({ email, password, role }))),
  };

  // The registry is the console's own: record the keys the demo's "tooling" just started.
  Object.assign(process.env, env);
  const { openDatabase, databaseFile } = await import('../lib/db/database');
  const { forgetDemoRegistrations, registerMassAction } = await import('../lib/mass-actions/registry');
  const db = await openDatabase(databaseFile(dataDir));
  const forgotten = await forgetDemoRegistrations(db);
  if (forgotten > 0) say(`replaced ${forgotten} mass actions of the previous demo run (the sandbox keeps them in memory only)`);
  for (const action of seeded) {
    await registerMassAction(db, { bulkKey: action.bulkKey, label: action.label, registeredBy: 'demo-tooling@example.com', via: 'demo' });
  }
  await db.destroy();

  // The console's JSON log goes to a file, so these instructions stay on screen; its errors still show here.
  const logFile = path.join(dataDir, 'console.log');
  const log = fs.openSync(logFile, 'a');
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts'), '--port', args.port, '--hostname', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', log, 'inherit'] });
  const stop = async () => {
    server.kill('SIGTERM');
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  server.on('exit', (code) => {
    say(`the console stopped (exit code ${code})`);
    void sandbox.close().then(() => process.exit(code ?? 1));
  });

  await waitForHealth(consoleUrl, 60_000);
  say('');
  say(`The Mass Action Console is running at ${consoleUrl}`);
  say('Sign in with one of these demo accounts:');
  for (const account of DEMO_ACCOUNTS) say(`  ${account.role.padEnd(8)} ${account.email}  password: ${account.password}`);
  say(`The console's log (JSON lines) is in ${path.relative(process.cwd(), logFile) || logFile}.`);
  say('Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
