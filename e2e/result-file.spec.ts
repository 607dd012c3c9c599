import { parse } from 'csv-parse/sync';
import { consoleApi, expect, sandbox, test } from './fixtures';
import { E2E_SANDBOX_URL, storageStateFor } from './stack';

const STOPPED_LABEL = 'accounting-codes-reclass-2026-10.csv';
const INPUT_COLUMNS = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code'];

test.use({ storageState: storageStateFor('operator') });

async function stoppedKey(request: import('@playwright/test').APIRequestContext): Promise<string> {
  const { items } = await consoleApi(request).list(`tab=all&q=${STOPPED_LABEL}`);
  return items[0]!.bulkKey;
}

const count = (value: number | string | null) => Number(value ?? 0);

test.describe('a stopped mass action', () => {
  test('chips match the file and Zuora; Not processed shows exactly the blank rows', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await expect.poll(async () => (await sandbox.massAction(bulkKey)).status, { timeout: 30_000 }).toBe('Stopped');
    const zuora = await sandbox.massAction(bulkKey);
    const notProcessed = count(zuora.totalCount) - count(zuora.processedCount);
    expect(notProcessed).toBeGreaterThan(0);

    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByText(/rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    const chips = page.getByRole('group', { name: 'Filter rows by outcome' });
    await expect(chips.getByRole('button', { name: /^Succeeded/ })).toHaveText(`Succeeded ${count(zuora.successCount).toLocaleString('en-US')}`);
    await expect(chips.getByRole('button', { name: /^Failed/ })).toHaveText(`Failed ${count(zuora.errorCount).toLocaleString('en-US')}`);
    await expect(chips.getByRole('button', { name: /^Not processed/ })).toHaveText(`Not processed ${notProcessed.toLocaleString('en-US')}`);

    await chips.getByRole('button', { name: /^Not processed/ }).click();
    await expect(page).toHaveURL(/outcome=not_processed/);
    const table = page.getByRole('table', { name: 'Result rows' });
    await expect(table.locator('tbody tr').first()).toContainText('Not processed');
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`${notProcessed.toLocaleString('en-US')} rows`);
    // The first not-processed row comes right after the last processed one.
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-row-number', String(count(zuora.processedCount) + 1));
  });

  test('a link with filter and search shows the same rows to another user in a fresh browser', async ({ page, browser, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}`);
    await page.getByRole('group', { name: 'Filter rows by outcome' }).getByRole('button', { name: /^Failed/ }).click();
    await page.getByLabel('Search cells').fill('Invoice');
    await expect(page).toHaveURL(/q=Invoice/);
    await expect(page).toHaveURL(/outcome=failed/);
    const rowNumbers = async (p: import('@playwright/test').Page) => p.getByRole('table', { name: 'Result rows' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-number')));
    await expect(page.getByRole('table', { name: 'Result rows' }).locator('tbody tr').first()).toContainText('Failed');
    const expected = await rowNumbers(page);
    expect(expected.length).toBeGreaterThan(0);

    const viewer = await browser.newContext({ storageState: storageStateFor('viewer') });
    const other = await viewer.newPage();
    await other.goto(page.url());
    await expect(other.getByRole('table', { name: 'Result rows' }).locator('tbody tr').first()).toContainText('Failed');
    expect(await rowNumbers(other)).toEqual(expected);
    await expect(other.getByLabel('Search cells')).toHaveValue('Invoice');
    await viewer.close();
  });

  test('one click on an error group shows exactly its rows, and a link keeps them', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}`);
    const groups = page.getByRole('table', { name: 'Failures grouped by error message, largest first' });
    const first = groups.locator('tbody tr').first();
    const [size, message] = await Promise.all([first.locator('td').nth(0).innerText(), first.locator('td').nth(1).innerText()]);
    await first.getByRole('button', { name: 'Show rows' }).click();
    await expect(page).toHaveURL(/error=/);
    await expect(page.getByRole('status').filter({ hasText: 'Only the rows that failed with exactly' })).toContainText(message);
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`${size} rows`);
    const table = page.getByRole('table', { name: 'Result rows' });
    const errors = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td:last-child')?.textContent ?? ''));
    expect(new Set(errors)).toEqual(new Set([message]));

    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`${size} rows`);
    await page.getByRole('button', { name: 'Show every message' }).click();
    await expect(page).not.toHaveURL(/error=/);
  });

  test('a row link lands on that row, highlighted, on its page', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}?row=777`);
    const row = page.locator('tr[data-row-number="777"]');
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(row).toBeInViewport();
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText('Page 16 of');
  });

  test('the downloads say which file is safe to open in a spreadsheet and which are for Zuora', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}`);
    const downloads = page.getByRole('navigation', { name: 'Downloads' });
    await expect(downloads.getByText(/^Safe to open in a spreadsheet/)).toBeVisible({ timeout: 30_000 });
    await expect(downloads.getByText(/^For upload to Zuora .*not for opening in a spreadsheet/)).toBeVisible();
    await expect(downloads.getByRole('link', { name: 'This view as CSV' })).toHaveAccessibleDescription(/^Safe to open in a spreadsheet/);
    for (const name of ['Resume file', 'Fix file', 'Original zip']) {
      await expect(downloads.getByRole('link', { name })).toHaveAccessibleDescription(/not for opening in a spreadsheet/);
    }
  });

  test('the resume file holds exactly the not-processed rows with the original columns; the fix file the failed rows with #Error Message', async ({ request }) => {
    const bulkKey = await stoppedKey(request);
    const zuora = await sandbox.massAction(bulkKey);
    const resume = await request.get(`/api/mass-actions/${bulkKey}/result/download?kind=resume`);
    expect(resume.status()).toBe(200);
    expect(resume.headers()['content-disposition']).toMatch(/attachment/);
    const resumeRows = parse(await resume.text(), { bom: true }) as string[][];
    expect(resumeRows[0]).toEqual(INPUT_COLUMNS);
    expect(resumeRows.length - 1).toBe(count(zuora.totalCount) - count(zuora.processedCount));
    expect(resumeRows[1]![0]).toBe(`8a8aa1b2${String(count(zuora.processedCount)).padStart(24, '0')}`);

    const fix = await request.get(`/api/mass-actions/${bulkKey}/result/download?kind=fix`);
    const fixRows = parse(await fix.text(), { bom: true }) as string[][];
    expect(fixRows[0]).toEqual([...INPUT_COLUMNS, '#Error Message']);
    expect(fixRows.length - 1).toBe(count(zuora.errorCount));
    expect(fixRows.slice(1).every((r) => r[4]!.length > 0)).toBe(true);
  });
});

test('a result file on a foreign host is refused, explained, and recorded', async ({ page, request, browser }) => {
  const bulkKey = await sandbox.startMassAction(30, { pendingMs: 0, rowsPerSecond: 100_000 });
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status).toBe('Completed');
  await sandbox.setFaults({ foreignOutputUrl: true });
  try {
    expect((await consoleApi(request).register(bulkKey, 'e2e-foreign.csv')).status()).toBe(200);
  } finally {
    await sandbox.clearFaults();
  }
  await page.goto(`/mass-actions/${bulkKey}`);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be shown' })).toContainText(`The result file's address differs from the configured Zuora host in its scheme, host and port (https://files.example.net, not ${E2E_SANDBOX_URL}); the console does not send its token there.`);
  const admin = await browser.newContext({ storageState: storageStateFor('admin') });
  const audit = await admin.newPage();
  await audit.goto(`/audit?bulkKey=${bulkKey}&kind=file-refused`);
  await expect(audit.getByRole('row').nth(1)).toContainText('Result file refused');
  await admin.close();
});

test('a corrupt result file is refused with what is wrong, and the raw file offered', async ({ page, request }) => {
  const bulkKey = await sandbox.startMassAction(30, { pendingMs: 0, rowsPerSecond: 100_000 });
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status).toBe('Completed');
  expect((await consoleApi(request).register(bulkKey, 'e2e-corrupt.csv')).status()).toBe(200);
  await sandbox.setFaults({ resultFile: 'corrupt' });
  try {
    await page.goto(`/mass-actions/${bulkKey}`);
    const alert = page.getByRole('alert').filter({ hasText: 'cannot be shown' });
    await expect(alert).toContainText('The result file is not a zip archive');
    await expect(alert.getByRole('link', { name: 'Download the file as Zuora gave it' })).toBeVisible();
  } finally {
    await sandbox.clearFaults();
  }
});
