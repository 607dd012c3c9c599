import { parse } from 'csv-parse/sync';
import { accountingCodeRows, csvFile } from '../zuora-sandbox/scenario-files';
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
/** "1 row", "12 rows", from a count as the page shows it. */
const rowsOf = (shown: string) => `${shown} ${shown === '1' ? 'row' : 'rows'}`;

/** Whether one of Zuora's messages fits an error group's template: its words exactly, a value for each placeholder. */
function fitsTemplate(template: string, message: string): boolean {
  const pattern = template
    .split(/(\{(?:id|number|code|date|value)\})/)
    .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : part === '{value}' || part === '{date}' ? '.+' : '\\S+'))
    .join('');
  return new RegExp(`^${pattern}$`).test(message);
}

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

  test('one click on an error group shows exactly its rows, and a link keeps them, old ones to one message included', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}`);
    const groups = page.getByRole('table', { name: 'Failures grouped by message template, largest first' });
    const first = groups.locator('tbody tr').first();
    const [size, template] = await Promise.all([first.locator('td').first().innerText(), first.getByRole('rowheader').innerText()]);
    await first.getByRole('button', { name: 'Show rows' }).click();
    await expect(page).toHaveURL(/template=/);
    const table = page.getByRole('table', { name: 'Result rows' });
    await expect(table).toHaveAccessibleDescription(`Rows of the error group “${template}”: ${rowsOf(size)}`);
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`· ${rowsOf(size)}`);
    const errors = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td:last-child')?.textContent ?? ''));
    expect(errors).toHaveLength(Math.min(50, Number(size.replaceAll(',', ''))));
    expect(errors.filter((message) => !fitsTemplate(template, message))).toEqual([]);

    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`· ${rowsOf(size)}`);
    await page.getByRole('button', { name: 'Remove the group filter' }).click();
    await expect(page).not.toHaveURL(/template=/);

    // A link made when groups were exact messages (error=) opens on that message's group.
    await page.goto(`/mass-actions/${bulkKey}?outcome=failed&error=${encodeURIComponent(errors[0] ?? '')}`);
    await expect(table).toHaveAccessibleDescription(`Rows of the error group “${template}”: ${rowsOf(size)}`, { timeout: 30_000 });
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`· ${rowsOf(size)}`);
  });

  test('a row link lands on that row, highlighted, on its page', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions/${bulkKey}?row=777`);
    const row = page.locator('tr[data-row-number="777"]');
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(row).toBeInViewport();
    await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText('Page 16 of');
  });

  test('a linked row hidden by the filter offers to show it in All, and lands on it there', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await expect.poll(async () => (await sandbox.massAction(bulkKey)).status, { timeout: 30_000 }).toBe('Stopped');
    // The first row Zuora never processed: not among the succeeded ones.
    const hidden = count((await sandbox.massAction(bulkKey)).processedCount) + 1;
    await page.goto(`/mass-actions/${bulkKey}?outcome=succeeded&row=${hidden}`);
    const notice = page.getByRole('status').filter({ hasText: `Row ${hidden.toLocaleString('en-US')} is hidden by this filter or search.` });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await notice.getByRole('button', { name: 'Show it in All' }).click();
    await expect(page).toHaveURL(new RegExp(`/mass-actions/${bulkKey}\\?row=${hidden}$`));
    await expect(page.getByRole('group', { name: 'Filter rows by outcome' }).getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true');
    const row = page.locator(`tr[data-row-number="${hidden}"]`);
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(row).toBeInViewport();
    await expect(row).toBeFocused();
    await expect(notice).toHaveCount(0);
  });

  test('Back undoes a chip, and stays on the job page; typing a search makes no history entry of its own', async ({ page, request }) => {
    const bulkKey = await stoppedKey(request);
    await page.goto(`/mass-actions?tab=all&q=${STOPPED_LABEL}`);
    await page.getByRole('row').filter({ hasText: STOPPED_LABEL }).getByRole('link', { name: STOPPED_LABEL }).click();
    await expect(page).toHaveURL(new RegExp(`/mass-actions/${bulkKey}$`));
    const chips = page.getByRole('group', { name: 'Filter rows by outcome' });
    const table = page.getByRole('table', { name: 'Result rows' });
    await expect(chips.getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true', { timeout: 30_000 });

    await chips.getByRole('button', { name: /^Failed/ }).click();
    await expect(page).toHaveURL(/\?outcome=failed$/);
    await expect(table.locator('tbody tr').first()).toContainText('Failed');
    await chips.getByRole('button', { name: /^Not processed/ }).click();
    await expect(page).toHaveURL(/\?outcome=not_processed$/);
    await page.getByLabel('Search cells').fill('8a8a');
    await expect(page).toHaveURL(/\?outcome=not_processed&q=8a8a$/);

    // Back: the filter before, not the typing; the search typed belonged to the entry it replaced.
    await page.goBack();
    await expect(page).toHaveURL(/\?outcome=failed$/);
    await expect(chips.getByRole('button', { name: /^Failed/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(table.locator('tbody tr').first()).toContainText('Failed');
    await expect(page.getByLabel('Search cells')).toHaveValue('');
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/mass-actions/${bulkKey}$`));
    await expect(chips.getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(STOPPED_LABEL);
    // Forward redoes it; one more Back leaves for the list it came from.
    await page.goForward();
    await expect(page).toHaveURL(/\?outcome=failed$/);
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/mass-actions\\?tab=all&q=${STOPPED_LABEL.replaceAll('.', '\\.')}$`));
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
    // Each file says what it holds, and they come before the rows.
    const zuora = await sandbox.massAction(bulkKey);
    const rows = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
    await expect(downloads.getByRole('link', { name: `Resume file · ${rows(count(zuora.totalCount) - count(zuora.processedCount))}` })).toBeVisible();
    await expect(downloads.getByRole('link', { name: `Fix file · ${rows(count(zuora.errorCount))}` })).toBeVisible();
    const downloadsTop = (await downloads.boundingBox())!.y;
    const tableTop = (await page.getByRole('table', { name: 'Result rows' }).boundingBox())!.y;
    const groupsTop = (await page.getByRole('region', { name: /^Failures grouped by message/ }).boundingBox())!.y;
    expect(downloadsTop).toBeLessThan(groupsTop);
    expect(groupsTop).toBeLessThan(tableTop);

    // The view export names its view and starts with the Row column the row links use.
    const view = await request.get(`/api/mass-actions/${bulkKey}/result/download?kind=view&outcome=failed`);
    expect(view.headers()['content-disposition']).toMatch(/filename="accounting-codes-reclass-2026-10_view-failed\.csv"/);
    const viewRows = parse(await view.text(), { bom: true }) as string[][];
    expect(viewRows[0]![0]).toBe('Row');
    const firstFailed = Number(viewRows[1]![0]);
    await page.goto(`/mass-actions/${bulkKey}?outcome=failed&row=${firstFailed}`);
    await expect(page.locator(`tr[data-row-number="${firstFailed}"]`)).toHaveAttribute('aria-current', 'true');
    await expect(page.locator(`tr[data-row-number="${firstFailed}"]`)).toContainText('Failed');
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

test('a file of one row says "1 row", not "1 rows"', async ({ page, request }) => {
  const bulkKey = await sandbox.startMassAction(1, { pendingMs: 0, rowsPerSecond: 100_000, failEvery: 0 });
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status).toBe('Completed');
  expect((await consoleApi(request).register(bulkKey, 'e2e-one-row.csv')).status()).toBe(200);
  await page.goto(`/mass-actions/${bulkKey}`);
  const pager = page.getByRole('navigation', { name: 'Result pages' });
  await expect(pager).toContainText('Page 1 of 1 · 1 row', { timeout: 30_000 });
  await expect(pager).not.toContainText('1 rows');
  // Nothing to resume or fix: the files are shown, disabled, saying so.
  const downloads = page.getByRole('navigation', { name: 'Downloads' });
  await expect(downloads.getByRole('link', { name: /^Resume file · no rows/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(downloads.getByRole('link', { name: /^Fix file · no rows/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(downloads.locator('a', { hasText: 'Resume file' })).toHaveCount(0);
  await expect(page.getByText("1 row; the counts match Zuora's.")).toBeVisible();
});

/** A mass action of accounting-code rows as a finance team writes them, every `failEvery`-th failing in Zuora's words. */
async function startAccountingCodeMassAction(rows: number, failEvery: number): Promise<string> {
  const file = csvFile('e2e-error-groups.csv', accountingCodeRows(rows));
  const form = new FormData();
  form.set('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'text/csv' }), file.fileName);
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  const response = await fetch(`${E2E_SANDBOX_URL}/v1/bulk`, {
    method: 'POST', body: form,
    headers: { authorization: `Bearer ${await sandbox.token()}`, 'x-sandbox-behaviour': JSON.stringify({ pendingMs: 0, rowsPerSecond: 100_000, failEvery }) },
  });
  return ((await response.json()) as { bulkKey: string }).bulkKey;
}

test('Show rows takes focus to the table, which names its error group and count; the group\'s fix file holds exactly its rows', async ({ page, request }) => {
  // 600 rows, 200 failures: a dozen kinds, each a group of many records, not a group per record.
  const bulkKey = await startAccountingCodeMassAction(600, 3);
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status).toBe('Completed');
  expect((await consoleApi(request).register(bulkKey, 'e2e-error-groups.csv')).status()).toBe(200);
  await page.goto(`/mass-actions/${bulkKey}`);
  const groups = page.getByRole('table', { name: 'Failures grouped by message template, largest first' });
  await expect(groups).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /^Failures grouped by message \(\d+ groups\)$/ })).toBeVisible();
  const counts = await groups.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('td')?.textContent?.replaceAll(',', ''))));
  expect(counts.length).toBeGreaterThan(1);
  expect(counts.length).toBeLessThanOrEqual(12);
  expect(counts.reduce((sum, n) => sum + n, 0)).toBe(200);

  // By keyboard: the second group's Show rows, described by its template.
  const second = groups.locator('tbody tr').nth(1);
  const [size, template] = await Promise.all([second.locator('td').first().innerText(), second.getByRole('rowheader').innerText()]);
  const showRows = second.getByRole('button', { name: 'Show rows' });
  await expect(showRows).toHaveAccessibleDescription(template);
  await showRows.focus();
  await page.keyboard.press('Enter');

  const table = page.getByRole('table', { name: 'Result rows' });
  await expect(table).toBeFocused();
  await expect(table).toBeInViewport();
  await expect(table).toHaveAccessibleDescription(`Rows of the error group “${template}”: ${rowsOf(size)}`);
  await expect(page.getByText(`Rows of the error group “${template}”: ${rowsOf(size)}`)).toBeInViewport();
  await expect(page.getByRole('navigation', { name: 'Result pages' })).toContainText(`· ${rowsOf(size)}`);
  const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({ key: r.querySelectorAll('td')[2]?.textContent ?? '', error: r.querySelector('td:last-child')?.textContent ?? '' })));
  expect(shown.filter((row) => !fitsTemplate(template, row.error))).toEqual([]);
  // One group, many records: the messages differ where the template has a placeholder.
  expect(new Set(shown.map((row) => row.error)).size).toBeGreaterThan(1);

  // The group's fix file: exactly its failed rows, as the table lists them, Zuora's message beside each.
  const href = await second.getByRole('link', { name: 'Fix file' }).getAttribute('href');
  await expect(page.getByRole('link', { name: 'Fix file for this group' })).toHaveAttribute('href', href ?? '');
  const fix = await request.get(href ?? '');
  expect(fix.status()).toBe(200);
  expect(fix.headers()['content-disposition']).toMatch(/attachment; filename="e2e-error-groups_fix-[a-z0-9-]+\.csv"/);
  const fixRows = parse(await fix.text(), { bom: true }) as string[][];
  expect(fixRows[0]).toEqual([...INPUT_COLUMNS, '#Error Message']);
  expect(fixRows.length - 1).toBe(Number(size.replaceAll(',', '')));
  expect(fixRows.slice(1).filter((row) => !fitsTemplate(template, row[4] ?? ''))).toEqual([]);
  expect(fixRows.slice(1, 1 + shown.length).map((row) => [row[0], row[4]])).toEqual(shown.map((row) => [row.key, row.error]));

  // Leaving the group keeps the operator on the table, no longer described by a group.
  await page.getByRole('button', { name: 'Remove the group filter' }).click();
  await expect(page).not.toHaveURL(/template=/);
  await expect(table).toBeFocused();
  await expect(table).not.toHaveAttribute('aria-describedby');
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
