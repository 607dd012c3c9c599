import { request as playwrightRequest } from '@playwright/test';
import { consoleApi, expect, sandbox, test } from './fixtures';
import { E2E_CONSOLE_URL, storageStateFor } from './stack';

// Status changes reach open pages as server-sent events, not only at their next poll.
test.use({ storageState: storageStateFor('viewer') });

test("a viewer's page hears of a stop and of Stopped from the server as they happen, and the job says who stopped it, when and why", async ({ page }) => {
  const bulkKey = await sandbox.startMassAction(2000, { pendingMs: 0, rowsPerSecond: 20, stoppingMs: 2000 });
  const operator = await playwrightRequest.newContext({ baseURL: E2E_CONSOLE_URL, storageState: storageStateFor('operator') });
  expect((await consoleApi(operator).register(bulkKey, 'e2e-live-status.csv')).status()).toBe(200);
  await page.goto('/mass-actions?tab=all&q=e2e-live-status');
  await expect(page.getByRole('row').filter({ hasText: 'e2e-live-status.csv' })).toContainText('Processing');
  // What the page's stream carries, listened to beside it.
  await page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { seen: unknown[] }).seen = seen;
    new EventSource('/api/mass-actions/events').addEventListener('status', (event) => seen.push(JSON.parse((event as MessageEvent).data)));
  });
  await page.waitForTimeout(500);
  expect((await consoleApi(operator).stop(bulkKey, 'e2e live status')).status()).toBe(200);
  const seen = () => page.evaluate(() => (window as unknown as { seen: { bulkKey: string; status: string }[] }).seen);
  await expect.poll(async () => (await seen()).filter((e) => e.bulkKey === bulkKey).map((e) => e.status), { timeout: 30_000 }).toEqual(['Stopping', 'Stopped']);
  await expect(page.getByRole('row').filter({ hasText: 'e2e-live-status.csv' })).toContainText('Stopped');

  // The job says who stopped it, how long ago and why, in one line; every time in the tenant's zone.
  await page.goto(`/mass-actions/${bulkKey}`);
  await expect(page.getByLabel('Current state')).toHaveText(/^Stopped · stopped by Olivia Operator (just now|\d+ s ago) · “e2e live status”$/);
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary.getByText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC−0[78]:00 · (just now|\d+ s ago)$/).first()).toBeVisible();
  await expect(page.getByText('UTC', { exact: false }).filter({ hasText: /\d\d:\d\d:\d\d UTC$/ })).toHaveCount(0);
  await operator.dispose();
});
