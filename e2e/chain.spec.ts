import type { Page } from '@playwright/test';
import { expect, sandbox, test } from './fixtures';
import { E2E_SANDBOX_URL, storageStateFor } from './stack';

// The chain of a mass action: a stopped one's rest started from its job page, its failed rows
// uploaded again as a retry, and the summary across them; and the MPU block an admin overrides.

type UploadCounts = { accepted: number; replayed: number; refused: number; abandoned: number };

/** The sandbox's count of POST /v1/bulk by outcome: what reached Zuora. */
async function uploadCounts(): Promise<UploadCounts> {
  return ((await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/stats`)).json()) as { uploads: UploadCounts }).uploads;
}

/** How the sandbox runs the uploads the console sends from now on; cleared after each test. */
async function setBehaviour(behaviour: Record<string, unknown>) {
  const response = await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(behaviour) });
  if (!response.ok) throw new Error(`sandbox refused the behaviour: ${response.status} ${await response.text()}`);
}

test.afterEach(async () => {
  await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'DELETE' });
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const JOB_PAGE = /\/mass-actions\/[A-Za-z0-9]{32}$/;
const keyOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;
const numberOf = (text: string) => Number(text.replaceAll(',', ''));

/** From the start page: choose the type, check the file, confirm; answers the new mass action's key, its job page open. */
async function startFromStartPage(page: Page, file: { type: string; name: string; csv: string; label: string }): Promise<string> {
  await page.goto('/mass-actions/new');
  await page.getByLabel('Action type').selectOption({ label: file.type });
  await page.getByLabel(/^File/).setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
  await page.getByLabel(/^Label/).fill(file.label);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('region', { name: `Checked: ${file.name}` }).getByRole('button', { name: 'Start…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: /^Start [\d,]+ rows?$/ }).click();
  await expect(page).toHaveURL(JOB_PAGE);
  await expect(page.getByRole('heading', { name: file.label, level: 1 })).toBeVisible();
  return keyOf(page);
}

/** The chain's summary sentence, as numbers. */
async function chainSummary(page: Page) {
  const text = await page.getByRole('region', { name: /^Chain/ }).locator('[data-chain-summary]').innerText();
  const match = /^Of the original ([\d,]+) rows?: ([\d,]+) succeeded somewhere in the chain, ([\d,]+) failed the last time they ran, ([\d,]+) never processed\.$/.exec(text);
  expect(match, text).not.toBeNull();
  const [total, succeeded, failed, notProcessed] = match!.slice(1).map(numberOf);
  return { total: total!, succeeded: succeeded!, failed: failed!, notProcessed: notProcessed! };
}

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('stop, start the rest from the job page, see it in the chain, then upload the fixed rows as a retry', async ({ page }) => {
    test.setTimeout(240_000);
    const tag = unique();
    const label = `e2e-chain-${tag}.csv`;
    const rows = 400;
    await setBehaviour({ pendingMs: 0, rowsPerSecond: 20, failEvery: 5, stoppingMs: 0 });
    const csv = `Object Key,Object Type\n${Array.from({ length: rows }, (_, i) => `INV-${tag}-${i + 1},Invoice Item`).join('\n')}\n`;
    const original = await startFromStartPage(page, { type: 'Update accounting codes', name: `chain-${tag}.csv`, csv, label });

    // Its job page's Stop, while it runs: some rows processed (every fifth fails), most not.
    await expect.poll(async () => Number((await sandbox.massAction(original)).processedCount ?? 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop mass action' }).click();
    await expect(page.getByLabel('Current state')).toContainText('Stopped', { timeout: 30_000 });
    await expect(page.getByText(/rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    const chips = page.getByRole('group', { name: 'Filter rows by outcome' });
    const notProcessed = numberOf((await chips.getByRole('button', { name: /^Not processed/ }).innerText()).replace('Not processed', '').trim());
    expect(notProcessed).toBeGreaterThan(0);
    // Standing alone so far: no chain.
    await expect(page.getByRole('region', { name: /^Chain/ })).toHaveCount(0);

    // The rest runs fast: the test waits for it below.
    await setBehaviour({ rowsPerSecond: 500 });
    const next = page.getByRole('region', { name: 'Next steps' });
    const startRest = next.getByRole('button', { name: 'Start the rest…' });
    await expect(startRest).toHaveAccessibleDescription(/rows? never processed \(stopped\): start them as new mass actions/);
    const restCalls: string[] = [];
    const starts: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.method() === 'POST' && path === `/api/mass-actions/${original}/rest`) restCalls.push(path);
      if (r.method() === 'POST' && /^\/api\/uploads\/\d+\/start$/.test(path)) starts.push(path);
    });
    const before = await uploadCounts();
    await startRest.click();
    const dialog = page.getByRole('alertdialog');
    const rowsWords = `${notProcessed.toLocaleString('en-US')} not-processed ${notProcessed === 1 ? 'row' : 'rows'}`;
    await expect(dialog).toHaveAccessibleName(`Start the rest: ${rowsWords} of Update accounting codes, as 1 mass action, in the sandbox?`);
    await expect(dialog).toContainText('Sandbox · Zuora at 127.0.0.1:4110');
    const parts = dialog.getByRole('table', { name: 'Parts' });
    await expect(parts.locator('tbody tr')).toHaveCount(1);
    await expect(parts.locator('tbody tr').first()).toContainText(`${label}: the rest`);
    await expect(parts.locator('tbody tr').first()).toContainText('Not sent yet');
    // A sandbox start is one confirm: nothing to type, no reason asked.
    await expect(dialog.getByLabel(/^Type the number of rows/)).toHaveCount(0);
    await expect(dialog.getByLabel(/^Why send these rows again/)).toHaveCount(0);
    expect(await uploadCounts(), 'reading the rest sends nothing to Zuora').toEqual(before);

    // A double click starts it once.
    await dialog.getByRole('button', { name: `Start ${notProcessed.toLocaleString('en-US')} ${notProcessed === 1 ? 'row' : 'rows'}` }).dblclick();
    const started = parts.locator('tbody tr').first().getByRole('link');
    await expect(parts.locator('tbody tr').first()).toContainText('Started:');
    const rest = (await started.getAttribute('href'))!.split('/').at(-1)!;
    expect(rest).toMatch(/^[A-Za-z0-9]{32}$/);
    await expect(dialog.getByRole('status')).toContainText('The rest is started: 1 new mass action');
    expect(restCalls, 'the rest was read once').toHaveLength(1);
    expect(starts, 'one start request').toHaveLength(1);
    expect((await uploadCounts()).accepted).toBe(before.accepted + 1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(startRest).toBeFocused();

    // The chain: the original (this one, not a link) and the rest under it.
    const chain = page.getByRole('region', { name: /^Chain/ });
    await expect(chain).toContainText('2 mass actions');
    const originalLine = chain.locator(`[data-chain-member="${original}"]`);
    const restLine = chain.locator(`[data-chain-member="${rest}"]`);
    await expect(originalLine).toContainText('Original');
    await expect(originalLine).toContainText('(this one)');
    await expect(originalLine.getByRole('link')).toHaveCount(0);
    await expect(restLine).toContainText('The rest');
    await expect(restLine.getByRole('link', { name: `${label}: the rest` })).toHaveAttribute('href', `/mass-actions/${rest}`);
    await expect(restLine.getByRole('cell').nth(1)).toHaveText(notProcessed.toLocaleString('en-US'));
    await expect(next).toContainText('Started before:');
    const first = await chainSummary(page);
    expect(first.total).toBe(rows);
    expect(first.succeeded + first.failed + first.notProcessed).toBe(first.total);

    // The rest's own page: its result file imported, the chain counts it.
    await restLine.getByRole('link').click();
    await expect(page).toHaveURL(`/mass-actions/${rest}`);
    await expect(page.getByLabel('Current state')).toContainText('Completed', { timeout: 60_000 });
    await expect(page.getByText(/rows?; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('region', { name: /^Chain/ }).locator(`[data-chain-member="${rest}"]`)).toContainText('(this one)');
    await page.getByRole('region', { name: /^Chain/ }).getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(`/mass-actions/${original}`);
    await expect(page.getByRole('region', { name: /^Chain/ })).not.toContainText('still running', { timeout: 15_000 });
    const after = await chainSummary(page);
    expect(after.total).toBe(rows);
    expect(after.succeeded + after.failed + after.notProcessed).toBe(rows);
    expect(after.notProcessed, 'the rest ran every row the stop left').toBe(0);
    expect(after.succeeded).toBeGreaterThan(first.succeeded);

    // The fixed rows: the link preselects the type and makes the upload a retry of this one.
    const fixed = page.getByRole('region', { name: 'Next steps' }).getByRole('link', { name: 'Upload the fixed rows' });
    await expect(fixed).toHaveAttribute('href', `/mass-actions/new?retryOf=${original}&actionType=UpdateAccountingCode`);
    await expect(fixed).toHaveAccessibleDescription(/download the fix file, correct the rows, then upload it as a retry of this one. Zuora ignores its #Error Message column/);
    const fixFile = await page.request.get(`/api/mass-actions/${original}/result/download?kind=fix`);
    expect(fixFile.status()).toBe(200);
    const fixCsv = await fixFile.text();
    expect(fixCsv).toContain('#Error Message');
    await fixed.click();
    await expect(page).toHaveURL(/\/mass-actions\/new\?retryOf=/);
    await expect(page.getByLabel('Action type')).toHaveValue('UpdateAccountingCode');
    const retryNote = page.getByRole('region', { name: `A retry of ${label}` });
    await expect(retryNote.getByRole('link', { name: label })).toHaveAttribute('href', `/mass-actions/${original}`);
    await page.getByLabel(/^File/).setInputFiles({ name: `fix-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(fixCsv) });
    await page.getByLabel(/^Label/).fill(`${label}: fixed`);
    await page.getByRole('button', { name: 'Check the file' }).click();
    const preview = page.getByRole('region', { name: `Checked: fix-${tag}.csv` });
    await expect(preview).toContainText('of Update accounting codes, a retry of failed rows, ready to start');
    await expect(preview).toContainText(`${label} (${original})`);
    await preview.getByRole('button', { name: 'Start…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: /^Start [\d,]+ rows?$/ }).click();
    await expect(page).toHaveURL(JOB_PAGE);
    const retry = keyOf(page);
    // Sent with retryOf (the browser does not show a file upload's body to the test): the new one is in the original's chain, as its retry.
    const retryChain = page.getByRole('region', { name: /^Chain/ });
    await expect(retryChain).toContainText('3 mass actions');
    await expect(retryChain.locator(`[data-chain-member="${retry}"]`)).toContainText(`A retry of the failed rows of ${label}`);
    await expect(retryChain.locator(`[data-chain-member="${retry}"]`)).toContainText('(this one)');
    const withRetry = await chainSummary(page);
    expect(withRetry.total).toBe(rows);
    expect(withRetry.succeeded + withRetry.failed + withRetry.notProcessed).toBe(rows);
  });

  test('a viewer gets neither next step; the start page without a retry, or with a bad one, is a plain start', async ({ browser, page }) => {
    // The demo's stopped mass action (registered, not started in the console) has a rest and failed rows.
    const viewer = await browser.newContext({ storageState: storageStateFor('viewer') });
    const other = await viewer.newPage();
    const list = await (await other.request.get('/api/mass-actions?tab=all&q=accounting-codes-reclass-2026-10.csv')).json();
    const stopped = (list as { items: { bulkKey: string }[] }).items[0]!.bulkKey;
    await other.goto(`/mass-actions/${stopped}`);
    await expect(other.getByText(/rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    await expect(other.getByRole('button', { name: 'Start the rest…' })).toHaveCount(0);
    await expect(other.getByRole('link', { name: 'Upload the fixed rows' })).toHaveCount(0);
    await viewer.close();

    await page.goto(`/mass-actions/${stopped}`);
    await expect(page.getByRole('region', { name: 'Next steps' }).getByRole('button', { name: 'Start the rest…' })).toBeVisible({ timeout: 30_000 });
    // The start page without a retry is the start page as it was.
    await page.goto('/mass-actions/new');
    await expect(page.getByLabel('Action type')).toHaveValue('');
    await expect(page.getByRole('region', { name: /^A retry of/ })).toHaveCount(0);
    await page.goto('/mass-actions/new?retryOf=not-a-key&actionType=MPU');
    await expect(page.getByLabel('Action type')).toHaveValue('MPU');
    await expect(page.getByRole('main').getByRole('note')).toContainText('which is not a bulk key');
  });
});

test.describe('payments (MPU) that already succeeded', () => {
  test('block an operator; an admin overrides with a reason, and the trail keeps it', async ({ browser }) => {
    test.setTimeout(180_000);
    const tag = unique();
    await setBehaviour({ pendingMs: 0, rowsPerSecond: 200, failEvery: 0, stoppingMs: 0 });
    const csv = `Billing Account ID,Payment Amount,Currency,Payment Date,Payment Method ID\n${Array.from({ length: 5 }, (_, i) => `A-${tag}-${i + 1},${10 + i}.00,USD,2026-11-28,PM-${tag}-${i + 1}`).join('\n')}\n`;
    const file = { type: 'Upload payments (MPU)', name: `payments-${tag}.csv`, csv };

    const operator = await browser.newContext({ storageState: storageStateFor('operator') });
    const page = await operator.newPage();
    const first = await startFromStartPage(page, { ...file, label: `e2e-mpu-${tag}.csv` });
    await expect(page.getByLabel('Current state')).toContainText('Completed', { timeout: 30_000 });
    // Opening the job page imports its result file: the rows are known to have succeeded.
    await expect(page.getByText(/5 rows; the counts match Zuora's/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('group', { name: 'Filter rows by outcome' }).getByRole('button', { name: /^Succeeded/ })).toHaveText('Succeeded 5');

    const check = async (p: Page) => {
      await p.goto('/mass-actions/new');
      await p.getByLabel('Action type').selectOption({ label: file.type });
      await p.getByLabel(/^File/).setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await p.getByLabel(/^Label/).fill(`e2e-mpu-again-${tag}.csv`);
      await p.getByRole('button', { name: 'Check the file' }).click();
      return p.getByRole('region', { name: `Checked: ${file.name}` });
    };
    const before = await uploadCounts();
    const blocked = await check(page);
    const warning = blocked.getByRole('region', { name: 'Blocked: some of these payments already succeeded' });
    await expect(warning).toContainText('5 of these rows already succeeded in');
    await expect(warning.getByRole('link', { name: `e2e-mpu-${tag}.csv` })).toHaveAttribute('href', `/mass-actions/${first}`);
    await expect(warning).toContainText('only an admin can start this file');
    await expect(blocked.getByRole('button', { name: 'Start…' })).toBeDisabled();
    await expect(blocked.getByRole('button', { name: 'Start…' })).toHaveAccessibleDescription('Blocked: only an admin can start a file that would make payments again.');
    await operator.close();

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const adminPage = await admin.newPage();
    const preview = await check(adminPage);
    await expect(preview.getByRole('region', { name: 'Blocked: some of these payments already succeeded' })).toContainText('As an admin you can override this');
    await preview.getByRole('button', { name: 'Start…' }).click();
    const dialog = adminPage.getByRole('alertdialog');
    const confirm = dialog.getByRole('button', { name: 'Start 5 rows' });
    await expect(confirm).toBeDisabled();
    await expect(confirm).toHaveAccessibleDescription('Still needed: a reason for sending these rows again and the admin override ticked.');
    await dialog.getByLabel(/^Override as admin/).check();
    const reason = `FIN-4821 the bank reversed these payments (${tag})`;
    await dialog.getByLabel(/^Why send these rows again/).fill(reason);
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(adminPage).toHaveURL(JOB_PAGE);
    const second = keyOf(adminPage);
    expect(second).not.toBe(first);
    expect((await uploadCounts()).accepted).toBe(before.accepted + 1);
    await expect(adminPage.getByRole('region', { name: 'Activity' })).toContainText(`Admin override of the payments block: ${reason}`);
    await adminPage.goto(`/audit?bulkKey=${second}&kind=mass-action-start`);
    await expect(adminPage.getByRole('row').nth(1)).toContainText(`Admin override of the payments block: ${reason}`);
    await admin.close();
  });
});
