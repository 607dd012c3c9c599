import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';

// The built console refuses to start on a bad configuration, naming the variables and never their values.
test('a malformed configuration stops the console at start with a clear message', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--port', '3199', '--hostname', '127.0.0.1'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ZUORA_BASE_URL: 'https://zuora.attacker.example',
      ZUORA_CLIENT_ID: 'too-short',
      ZUORA_CLIENT_SECRET: 'super-secret-value',
      NEXTAUTH_URL: 'http://127.0.0.1:3199',
      NEXTAUTH_SECRET: 'x'.repeat(40),
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toContain('Invalid configuration');
  expect(stderr).toContain('ZUORA_CLIENT_ID: must be the 36-character client id');
  expect(stderr).not.toContain('super-secret-value');
});

test('a PostgreSQL server that cannot be reached, or a DATABASE_URL that is not one, stops the console at start without its password', async () => {
  test.setTimeout(60_000);
  const start = (databaseUrl: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--port', '3198', '--hostname', '127.0.0.1'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        ZUORA_BASE_URL: 'http://127.0.0.1:4110',
        ZUORA_CLIENT_ID: SANDBOX_CLIENT_ID,
        ZUORA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
        NEXTAUTH_URL: 'http://127.0.0.1:3198',
        NEXTAUTH_SECRET: 'x'.repeat(40),
        DATABASE_URL: databaseUrl,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  };
  // Port 1 on loopback: nothing listens there.
  const unreachable = await start('postgres://console:Hunter2-db-pass@127.0.0.1:1/console');
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toContain('DATABASE_URL: could not connect to PostgreSQL at 127.0.0.1:1/console');
  expect(unreachable.stderr).not.toContain('Hunter2-db-pass');
  const notPostgres = await start('mysql://console:Hunter2-db-pass@127.0.0.1/console');
  expect(notPostgres.code).toBe(1);
  expect(notPostgres.stderr).toContain('DATABASE_URL: must start with postgres://');
  expect(notPostgres.stderr).not.toContain('Hunter2-db-pass');
});
