import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { consoleApi, expect, sandbox, stoppedConsoleMassAction, test } from './fixtures';
import { E2E_SANDBOX_URL, storageStateFor } from './stack';

// axe-core over every page and the states an operator meets: no serious or critical violation of
// WCAG 2.1 A/AA. Each check names the page and state, and lists what failed where.

const STOPPED_LABEL = 'accounting-codes-reclass-2026-10.csv';

async function expectAccessible(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, where).toEqual([]);
}

test('the sign-in page', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to the Mass Action Console' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'sign-in, refused');
});

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('the list on every tab, and with Zuora failing', async ({ page }) => {
    for (const tab of ['active', 'completed', 'stopped', 'failed', 'all']) {
      await page.goto(`/mass-actions?tab=${tab}`);
      await expect(page.getByRole('table', { name: 'Mass actions' }).or(page.getByText(/No mass actions/))).toBeVisible();
      await expectAccessible(page, `list, ${tab} tab`);
    }
    await page.goto('/mass-actions?tab=active');
    await sandbox.setFaults({ serverError: { count: 1000, status: 503 } });
    try {
      await expect(page.getByRole('main').getByRole('alert')).toContainText(/Zuora answered 503/, { timeout: 30_000 });
      await expectAccessible(page, 'list, Zuora failing');
      // Past two intervals the values are dimmed: still readable.
      await expect(page.getByText(/· not current$/).first()).toBeVisible({ timeout: 30_000 });
      await expectAccessible(page, 'list, Zuora failing, values dimmed');
    } finally {
      await sandbox.clearFaults();
    }
  });

  test('the Stop dialog', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(2000, { pendingMs: 0, rowsPerSecond: 2 });
    expect((await consoleApi(request).register(bulkKey, 'e2e-axe-stop.csv')).status()).toBe(200);
    await page.goto('/mass-actions?q=e2e-axe-stop');
    await page.getByRole('row').filter({ hasText: 'e2e-axe-stop.csv' }).getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectAccessible(page, 'stop dialog');
  });

  test('the start page: the form, a refused file, a preview, the Start dialog, and rows sent before', async ({ page }) => {
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    // A `#` column and an unknown one, so the preview shows every kind of column.
    const csv = `Object Key,Object Type,#Note,Unheard Of Column\n${Array.from({ length: 3 }, (_, i) => `AXE-${tag}-${i},Invoice Item,checked,x`).join('\n')}\n`;
    const check = async (name: string, content: string) => {
      await page.getByLabel('Action type').selectOption({ label: 'Update accounting codes' });
      await page.getByLabel(/^File/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.getByRole('button', { name: 'Check the file' }).click();
    };
    await page.goto('/mass-actions/new');
    await expect(page.getByRole('heading', { name: 'Start a mass action', level: 1 })).toBeVisible();
    await expectAccessible(page, 'start, empty form');

    await check(`axe-refused-${tag}.csv`, `Object Key\nAXE-${tag}\n`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('was refused');
    await expectAccessible(page, 'start, file refused');

    await check(`axe-${tag}.csv`, csv);
    const preview = page.getByRole('region', { name: `Checked: axe-${tag}.csv` });
    await expect(preview).toContainText('3 rows of Update accounting codes');
    await expectAccessible(page, 'start, preview');
    await preview.getByRole('button', { name: 'Start…' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectAccessible(page, 'start dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Start 3 rows' }).click();
    await expect(page).toHaveURL(/\/mass-actions\/[A-Za-z0-9]{32}$/);

    await page.goto('/mass-actions/new');
    await check(`axe-again-${tag}.csv`, csv);
    await expect(page.getByRole('region', { name: 'Some of these rows were sent to Zuora before' })).toBeVisible();
    await expectAccessible(page, 'start, rows sent before');
    await page.getByRole('button', { name: 'Start…' }).click();
    await expect(page.getByRole('alertdialog').getByLabel(/^Why send these rows again/)).toBeVisible();
    await expectAccessible(page, 'start dialog, a reason asked');
  });

  test('a job processing, a job with its result file, one error group, a bad key and an unknown one', async ({ page, request }) => {
    const processing = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 2 });
    expect((await consoleApi(request).register(processing, 'e2e-axe-processing.csv')).status()).toBe(200);
    await page.goto(`/mass-actions/${processing}`);
    await expect(page.getByLabel('Current state')).toContainText('Processing');
    await expectAccessible(page, 'job, processing');

    const { items } = await consoleApi(request).list(`tab=all&q=${STOPPED_LABEL}`);
    const stopped = items[0]!.bulkKey;
    await expect.poll(async () => (await sandbox.massAction(stopped)).status, { timeout: 30_000 }).toBe('Stopped');
    await page.goto(`/mass-actions/${stopped}`);
    await expect(page.getByRole('table', { name: 'Result rows' })).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, 'job, with its result file');

    await page.getByRole('region', { name: /^Failures grouped by message/ }).getByRole('button', { name: /^Show rows/ }).first().click();
    await expect(page).toHaveURL(/template=/);
    await expectAccessible(page, 'job, one error group');

    await page.goto('/mass-actions/not-a-key');
    await expectAccessible(page, 'bad bulk key');
    await page.goto(`/mass-actions/${'0'.repeat(32)}`);
    await expectAccessible(page, 'unknown bulk key');
    await page.goto('/no-such-page');
    await expectAccessible(page, 'not found');
  });
});


test.describe('the chain, as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });
  test.afterEach(async () => {
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'DELETE' });
  });

  test('the Start the rest dialog, a job page with a chain, and the start page for a retry', async ({ page, request }) => {
    test.setTimeout(120_000);
    const label = `e2e-axe-chain-${Date.now().toString(36)}.csv`;
    const bulkKey = await stoppedConsoleMassAction(request, label, 'INV-AXE');
    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByText(/rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, 'job, stopped, with its next steps');

    await page.getByRole('button', { name: 'Start the rest…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('table', { name: 'Parts' })).toBeVisible();
    await expectAccessible(page, 'start the rest dialog');
    await dialog.getByRole('button', { name: /^Start [\d,]+ rows?/ }).click();
    await expect(dialog.getByRole('status')).toContainText('The rest is started');
    await expectAccessible(page, 'start the rest dialog, started');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expect(page.getByRole('region', { name: /^Chain/ })).toContainText('The rest');
    await expectAccessible(page, 'job, with a chain');

    await page.getByRole('link', { name: 'Upload the fixed rows' }).click();
    await expect(page.getByRole('region', { name: `A retry of ${label}` })).toBeVisible();
    await expectAccessible(page, 'start, a retry');
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('a link to a mass action the console does not follow', async ({ page }) => {
    const bulkKey = await sandbox.startMassAction(50, { pendingMs: 0, rowsPerSecond: 5 });
    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByRole('region', { name: 'What Zuora says' })).toBeVisible();
    await expectAccessible(page, 'job, not registered');
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('the audit trail, the sessions and the notifications', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
    await expectAccessible(page, 'audit');
    await page.goto('/sessions');
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
    await expectAccessible(page, 'sessions');
    await page.goto('/notifications');
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    await expectAccessible(page, 'notifications');
  });
});
