import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

// Keyboard first: a skip link on every page, and after a stop, focus somewhere sensible and the
// outcome said aloud (the Stop button is gone by then).

async function expectSkipLinkToMain(page: import('@playwright/test').Page, path: string) {
  await page.goto(path);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip, path).toBeFocused();
  await expect(skip, path).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main'), path).toBeFocused();
  // The next Tab starts inside the content, past the header and its links.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement) ?? false), path).toBe(true);
}

test('the sign-in page starts with a skip link to its main content', async ({ page }) => {
  await expectSkipLinkToMain(page, '/sign-in');
});

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('every page starts with a skip link to its main content', async ({ page, request }) => {
    const { items } = await consoleApi(request).list('tab=all');
    for (const path of ['/mass-actions', '/mass-actions/new', `/mass-actions/${items[0]!.bulkKey}`, '/mass-actions/not-a-key', `/mass-actions/${'0'.repeat(32)}`]) {
      await expectSkipLinkToMain(page, path);
    }
  });

  test('after a stop from the list, focus lands on the row\'s status and the outcome is announced', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(2000, { pendingMs: 0, rowsPerSecond: 20, stoppingMs: 3000 });
    expect((await consoleApi(request).register(bulkKey, 'e2e-stop-focus-list.csv')).status()).toBe(200);
    await page.goto('/mass-actions?tab=all&q=e2e-stop-focus-list');
    const row = page.getByRole('row').filter({ hasText: 'e2e-stop-focus-list.csv' });
    await expect(row).toContainText('Processing');
    await row.getByRole('button', { name: 'Stop' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('button', { name: 'Keep it running' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Stop mass action' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('log', { name: 'Announcements' })).toHaveText('Stop requested for e2e-stop-focus-list.csv. Zuora accepted the stop; the mass action is Stopping.');
    const focused = page.locator(':focus');
    await expect(focused).toHaveText(/^(Stopping|Stopped)$/);
    expect(await focused.evaluate((element) => element.closest('tr')?.getAttribute('data-bulk-key'))).toBe(bulkKey);
    await expect(row.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  });

  test('after a stop on the job page, focus lands on the job\'s status and the outcome is announced', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(2000, { pendingMs: 0, rowsPerSecond: 20, stoppingMs: 3000 });
    expect((await consoleApi(request).register(bulkKey, 'e2e-stop-focus-job.csv')).status()).toBe(200);
    await page.goto(`/mass-actions/${bulkKey}`);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Stop mass action' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('log', { name: 'Announcements' })).toHaveText('Stop requested for e2e-stop-focus-job.csv. Zuora accepted the stop; the mass action is Stopping.');
    const focused = page.locator(':focus');
    await expect(focused).toHaveText(/^(Stopping|Stopped)$/);
    expect(await focused.evaluate((element) => element.closest('main') !== null)).toBe(true);
  });
});
