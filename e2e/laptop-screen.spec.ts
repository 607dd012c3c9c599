import { consoleApi, expect, sandbox, stoppedConsoleMassAction, test } from './fixtures';
import { E2E_SANDBOX_URL, storageStateFor } from './stack';

// Every page at 1280×720, as an operator's laptop shows it: nothing wider than the screen. The
// screenshots land in test-results/screenshots/ for a person to look at before a UI change is done.
test.use({ viewport: { width: 1280, height: 720 } });

const STOPPED_LABEL = 'accounting-codes-reclass-2026-10.csv';

async function expectNoSidewaysScroll(page: import('@playwright/test').Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
  expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(1280);
}

test('the sign-in page, which in the demo lists the demo accounts', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to the Mass Action Console' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Demo accounts' })).toContainText('operator@example.com');
  await expectNoSidewaysScroll(page, 'sign-in');
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('the list, a stopped job with its result file, the audit trail, the sessions and the notifications', async ({ page, request }) => {
    await page.goto('/mass-actions?tab=all');
    await expect(page.getByRole('row').filter({ hasText: STOPPED_LABEL })).toHaveCount(1);
    await expectNoSidewaysScroll(page, 'list');

    const { items } = await consoleApi(request).list(`tab=all&q=${STOPPED_LABEL}`);
    await expect.poll(async () => (await sandbox.massAction(items[0]!.bulkKey)).status, { timeout: 30_000 }).toBe('Stopped');
    await page.goto(`/mass-actions/${items[0]!.bulkKey}`);
    await expect(page.getByRole('table', { name: 'Result rows' })).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'job-stopped');

    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'audit');

    await page.goto('/sessions');
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'sessions');

    await page.goto('/notifications');
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'notifications-none-configured');
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('a link to a mass action the console does not follow', async ({ page }) => {
    const bulkKey = await sandbox.startMassAction(50, { pendingMs: 0, rowsPerSecond: 5 });
    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByRole('region', { name: 'What Zuora says' })).toContainText('UpdateAccountingCode');
    await expectNoSidewaysScroll(page, 'job-unregistered');
  });
});

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('every Stop button is on screen at 1280×720 while Zuora fails, beside the longest label', async ({ page, request }) => {
    const longLabel = `accounting-codes-restatement-for-every-subsidiary-of-the-group-${'x'.repeat(40)}-final-v7-reviewed-by-finance.csv`;
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 2 });
    expect((await consoleApi(request).register(bulkKey, longLabel)).status()).toBe(200);
    await page.goto('/mass-actions');
    await expect(page.getByRole('row').filter({ hasText: longLabel })).toContainText('Processing');
    await sandbox.setFaults({ serverError: { count: 1000, status: 503 } });
    try {
      await expect(page.getByRole('row').filter({ hasText: longLabel })).toContainText(/Zuora answered 503/, { timeout: 30_000 });
      const stops = page.getByRole('table', { name: 'Mass actions' }).getByRole('button', { name: 'Stop', exact: true });
      expect(await stops.count()).toBeGreaterThan(0);
      for (const box of await Promise.all((await stops.all()).map((stop) => stop.boundingBox()))) {
        expect(box, 'a Stop button with no box').not.toBeNull();
        expect(box!.x + box!.width, 'a Stop button beyond the right edge').toBeLessThanOrEqual(1280);
      }
      await expectNoSidewaysScroll(page, 'list-zuora-failing');
    } finally {
      await sandbox.clearFaults();
    }
  });
});

test.describe('the start page, as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('a refusal and a preview of a file with long column names stay inside the screen, Start within reach', async ({ page }) => {
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const longColumns = [
      '#Reviewer note about the reclassification for every subsidiary of the group for the October close',
      'Object Key',
      'Object Type',
      'Deferred Revenue Accounting Code',
      'Recognized Revenue Accounting Code',
      'Regional Controller Approval Reference For The Quarter End Close Process Of Every Subsidiary',
      'Unapplied Payment Accounting Code',
      'On-Account Accounting Code',
    ];
    const cells = (i: number) => [`Checked by finance on the 3rd; see ticket FIN-4821 and the thread with the auditors ${'x'.repeat(60)}`, `LAPTOP-${tag}-${i}`, 'Invoice Item Adjustment', `DR-${'4'.repeat(30)}`, `RR-${'5'.repeat(30)}`, `APPROVAL-${'9'.repeat(50)}`, 'UP-1', 'OA-1'];
    const csv = `${longColumns.join(',')}\n${Array.from({ length: 25 }, (_, i) => cells(i).join(',')).join('\n')}\n`;
    const check = async (name: string, content: string) => {
      await page.getByLabel('Action type').selectOption({ label: 'Update accounting codes' });
      await page.getByLabel(/^File/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.getByRole('button', { name: 'Check the file' }).click();
    };

    await page.goto('/mass-actions/new');
    await check(`laptop-refused-${tag}.csv`, csv.replace(',Object Type,', ',Object Typ,'));
    await expect(page.getByRole('main').getByRole('alert')).toContainText('was refused');
    await expectNoSidewaysScroll(page, 'start-refused');

    const name = `accounting-codes-restatement-for-every-subsidiary-of-the-group-${tag}-final-v7-reviewed-by-finance.csv`;
    await check(name, csv);
    const preview = page.getByRole('region', { name: `Checked: ${name}` });
    await expect(preview).toContainText('25 rows of Update accounting codes');
    const start = preview.getByRole('button', { name: 'Start…' });
    await expect(start).toBeInViewport();
    const box = await start.boundingBox();
    expect(box!.x + box!.width, 'Start beyond the right edge').toBeLessThanOrEqual(1280);
    await expectNoSidewaysScroll(page, 'start-preview');

    await start.click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectNoSidewaysScroll(page, 'start-dialog');
  });
});


test.describe('a job page with a chain, as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });
  test.afterEach(async () => {
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'DELETE' });
  });

  test('Start the rest within reach beside the resume file, its dialog, then the chain beside the summary', async ({ page, request }) => {
    test.setTimeout(120_000);
    const label = `accounting-codes-restatement-for-every-subsidiary-of-the-group-${Date.now().toString(36)}-final-v7.csv`;
    const bulkKey = await stoppedConsoleMassAction(request, label, 'INV-LAPTOP');
    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByText(/rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    // On the first screen, beside the resume file it starts, without scrolling either way.
    const nextSteps = page.getByRole('region', { name: 'Next steps' });
    const startRest = nextSteps.getByRole('button', { name: 'Start the rest…' });
    await expect(startRest).toBeInViewport();
    await expect(nextSteps.getByRole('link', { name: 'Upload the fixed rows' })).toBeInViewport();
    const [restBox, resumeBox] = [await startRest.boundingBox(), await nextSteps.getByRole('link', { name: /^Resume file/ }).boundingBox()];
    expect(restBox!.x + restBox!.width, 'Start the rest beyond the right edge').toBeLessThanOrEqual(1280);
    expect(restBox!.y + restBox!.height, 'Start the rest below the first screen').toBeLessThanOrEqual(720);
    expect(Math.abs(restBox!.y - resumeBox!.y), 'Start the rest away from the resume file').toBeLessThan(20);
    await expectNoSidewaysScroll(page, 'job-stopped-next-steps');

    await startRest.click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('table', { name: 'Parts' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'start-rest-dialog');
    await dialog.getByRole('button', { name: /^Start [\d,]+ rows?/ }).click();
    await expect(dialog.getByRole('status')).toContainText('The rest is started');
    await expectNoSidewaysScroll(page, 'start-rest-dialog-started');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const chain = page.getByRole('region', { name: /^Chain/ });
    await expect(chain).toContainText('The rest');
    const box = await chain.boundingBox();
    expect(box!.x + box!.width, 'the chain beyond the right edge').toBeLessThanOrEqual(1280);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(chain).toBeInViewport();
    await expect(startRest).toBeInViewport();
    await expectNoSidewaysScroll(page, 'job-chain');
  });
});
