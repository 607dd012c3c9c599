import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

test.use({ storageState: storageStateFor('viewer') });

test('a link to a key the console does not know but Zuora does registers it, by whom and how', async ({ page, request }) => {
  const bulkKey = await sandbox.startMassAction(200, { pendingMs: 0, rowsPerSecond: 2 });
  expect((await consoleApi(request).list(`tab=all&q=${bulkKey}`)).items).toHaveLength(0);
  await page.goto(`/mass-actions/${bulkKey}`);
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('UpdateAccountingCode');
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('by viewer@example.com (link)');
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Registered by opening a link to it');
  expect((await consoleApi(request).list(`tab=all&q=${bulkKey}`)).items).toHaveLength(1);
});

test('an unknown key gets a not-found page, a malformed one a page that says why', async ({ page }) => {
  await page.goto(`/mass-actions/${'0'.repeat(32)}`);
  await expect(page.getByRole('heading', { name: 'Mass action not found' })).toBeVisible();
  await page.goto('/mass-actions/not-a-key%2F..%2F');
  await expect(page.getByRole('heading', { name: 'This link does not name a mass action' })).toBeVisible();
  await expect(page.getByText(/only letters and digits/)).toBeVisible();
});

test('the job page shows live progress and the operator-only Stop as disabled for a viewer', async ({ page }) => {
  const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 20 });
  await page.goto(`/mass-actions/${bulkKey}`);
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('Processing');
  const progress = summary.getByText(/remaining of 5,000/);
  const first = await progress.textContent();
  await expect(progress).not.toHaveText(first ?? '', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
});
