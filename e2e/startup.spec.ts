import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';

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
