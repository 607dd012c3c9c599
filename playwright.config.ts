import { defineConfig } from '@playwright/test';
import { E2E_CONSOLE_URL, E2E_CONSOLE_PORT, E2E_OIDC_PORT, E2E_SANDBOX_PORT, E2E_SSO_ENV } from './e2e/stack';

// The real stack: the demo launcher starts the sandbox, seeds it through POST /v1/bulk and runs
// the built console (`next start`) on its own data folder, exactly as a user's `npm run demo` does.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: E2E_CONSOLE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // As root on a closed network, Chromium needs these (see ../shared/design/toolchain.md).
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/oidc-provider.ts',
      url: `http://127.0.0.1:${E2E_OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --conditions=react-server --import tsx scripts/demo.ts --port ${E2E_CONSOLE_PORT} --sandbox-port ${E2E_SANDBOX_PORT} --data-dir data/e2e --fresh`,
      url: `${E2E_CONSOLE_URL}/api/health`,
      env: { ...E2E_SSO_ENV, SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '4', STOPPING_STUCK_AFTER_MINUTES: '0.1' },
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
