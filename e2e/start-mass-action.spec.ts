import type { Page } from '@playwright/test';
import { consoleApi, demoAccount, expect, test } from './fixtures';
import { signedInPage, startOwnConsole, type OwnConsole } from './own-console';
import { E2E_CONSOLE_URL, E2E_SANDBOX_URL, storageStateFor } from './stack';

// Starting a mass action from a file: checked by the console (nothing reaches Zuora), previewed,
// confirmed, then sent once however often the confirm button is pressed.

type UploadCounts = { accepted: number; replayed: number; refused: number; abandoned: number };

/** The sandbox's count of POST /v1/bulk by outcome: what reached Zuora. */
async function uploadCounts(): Promise<UploadCounts> {
  return ((await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/stats`)).json()) as { uploads: UploadCounts }).uploads;
}

/** Rows no other test sends, so no earlier upload overlaps them. */
function accountingCodes(tag: string, rows: number, header = 'Object Key,Object Type'): string {
  return `${header}\n${Array.from({ length: rows }, (_, i) => `K-${tag}-${i + 1},Invoice Item`).join('\n')}\n`;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const JOB_PAGE = /\/mass-actions\/[A-Za-z0-9]{32}$/;

/** Fills the start form and checks the file; answers the preview (or the page, for a refusal). */
async function checkFile(page: Page, file: { name: string; csv: string; label?: string }) {
  await page.getByLabel('Action type').selectOption({ label: 'Update accounting codes' });
  await page.getByLabel(/^File/).setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
  if (file.label !== undefined) await page.getByLabel(/^Label/).fill(file.label);
  await page.getByRole('button', { name: 'Check the file' }).click();
  return page.getByRole('region', { name: `Checked: ${file.name}` });
}

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('the start page is a page of its own, not a malformed job page', async ({ page }) => {
    const response = await page.goto('/mass-actions/new');
    await expect(page.getByRole('heading', { name: 'Start a mass action', level: 1 })).toBeVisible();
    expect(response?.status()).toBe(200);
  });

  test('starts a mass action from a checked file: preview, confirmation, then its job page', async ({ page }) => {
    const tag = unique();
    const label = `e2e-start-${tag}.csv`;
    const before = await uploadCounts();
    await page.goto('/mass-actions');
    await page.getByRole('link', { name: 'Start a mass action' }).click();
    await expect(page).toHaveURL(/\/mass-actions\/new$/);
    await page.getByLabel('Action type').selectOption({ label: 'Update accounting codes' });
    const required = page.locator('p', { hasText: 'Required columns:' });
    await expect(required).toContainText('Object Key');
    await expect(required).toContainText('Object Type');

    const preview = await checkFile(page, { name: `codes-${tag}.csv`, csv: accountingCodes(tag, 3), label });
    await expect(preview).toContainText('3 rows of Update accounting codes, ready to start');
    await expect(preview).toContainText('Sandbox · Zuora at 127.0.0.1:4110');
    await expect(preview.getByRole('heading', { name: `Checked: codes-${tag}.csv` })).toBeFocused();
    const columns = preview.getByRole('table', { name: 'Columns' });
    await expect(columns.getByRole('row').filter({ hasText: 'Object Type' })).toContainText('Required');
    await expect(preview.getByRole('region', { name: /as Zuora will read them$/ })).toContainText(`K-${tag}-3`);
    expect(await uploadCounts(), 'checking sends nothing to Zuora').toEqual(before);

    await preview.getByRole('button', { name: 'Start…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Start 3 rows of Update accounting codes in the sandbox?' });
    await expect(dialog).toContainText('Sandbox · Zuora at 127.0.0.1:4110');
    await expect(dialog).toContainText(label);
    // A sandbox start is one confirm: nothing to type.
    await expect(dialog.getByLabel(/^Type the number of rows/)).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Start 3 rows' }).click();

    await expect(page).toHaveURL(JOB_PAGE);
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    await expect(page.getByLabel('Current state')).toContainText(/Pending|Processing|Completed/);
    expect((await uploadCounts()).accepted).toBe(before.accepted + 1);
  });

  test('a file missing a required column is refused with its message, the form stays filled, and nothing reaches Zuora', async ({ page }) => {
    const tag = unique();
    const before = await uploadCounts();
    await page.goto('/mass-actions/new');
    await checkFile(page, { name: `no-type-${tag}.csv`, csv: accountingCodes(tag, 2, 'Object Key').replaceAll(',Invoice Item', '') });
    const refusal = page.getByRole('main').getByRole('alert');
    await expect(refusal).toContainText(`no-type-${tag}.csv was refused`);
    await expect(refusal).toContainText('The header lacks the column "Object Type", which every Update accounting codes file needs.');
    await expect(page.getByRole('button', { name: 'Start…' })).toHaveCount(0);
    await expect(page.getByLabel('Action type')).toHaveValue('UpdateAccountingCode');
    expect(await page.getByLabel(/^File/).evaluate((input: HTMLInputElement) => input.files?.[0]?.name)).toBe(`no-type-${tag}.csv`);
    expect(await uploadCounts()).toEqual(before);

    // The fixed file, chosen in the same form.
    await page.getByLabel(/^File/).setInputFiles({ name: `fixed-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(accountingCodes(tag, 2)) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('region', { name: `Checked: fixed-${tag}.csv` })).toContainText('2 rows of Update accounting codes');
    expect(await uploadCounts()).toEqual(before);
  });

  test('a double click on confirm starts one mass action', async ({ page, request }) => {
    const tag = unique();
    const label = `e2e-start-double-${tag}.csv`;
    const starts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/uploads\/\d+\/start$/.test(new URL(r.url()).pathname)) starts.push(r.url());
    });
    const before = await uploadCounts();
    await page.goto('/mass-actions/new');
    const preview = await checkFile(page, { name: `double-${tag}.csv`, csv: accountingCodes(tag, 4), label });
    await preview.getByRole('button', { name: 'Start…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Start 4 rows' }).dblclick();

    await expect(page).toHaveURL(JOB_PAGE);
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    expect(starts, 'the page sent one start request').toHaveLength(1);
    expect((await uploadCounts()).accepted - before.accepted, 'at most one mass action made in Zuora').toBeLessThanOrEqual(1);
    expect((await consoleApi(request).list(`tab=all&q=${label}`)).items).toHaveLength(1);
  });

  test('rows sent before are named and linked, and Start asks why before sending them again', async ({ page }) => {
    const tag = unique();
    const firstLabel = `e2e-start-first-${tag}.csv`;
    await page.goto('/mass-actions/new');
    await (await checkFile(page, { name: `first-${tag}.csv`, csv: accountingCodes(tag, 3), label: firstLabel })).getByRole('button', { name: 'Start…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Start 3 rows' }).click();
    await expect(page).toHaveURL(JOB_PAGE);
    const firstKey = new URL(page.url()).pathname.split('/').at(-1)!;

    await page.goto('/mass-actions/new');
    const preview = await checkFile(page, { name: `again-${tag}.csv`, csv: accountingCodes(tag, 3), label: `e2e-start-again-${tag}.csv` });
    const warning = preview.getByRole('region', { name: 'Some of these rows were sent to Zuora before' });
    await expect(warning).toContainText('3 of these rows');
    await expect(warning.getByRole('link', { name: firstLabel })).toHaveAttribute('href', `/mass-actions/${firstKey}`);

    await preview.getByRole('button', { name: 'Start…' }).click();
    const dialog = page.getByRole('alertdialog');
    const confirm = dialog.getByRole('button', { name: 'Start 3 rows' });
    await expect(confirm).toBeDisabled();
    await expect(confirm).toHaveAccessibleDescription('Still needed: a reason for sending these rows again.');
    await dialog.getByLabel(/^Why send these rows again/).fill('FIN-4821 the first run used the wrong codes');
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(page).toHaveURL(JOB_PAGE);
    expect(new URL(page.url()).pathname).not.toBe(`/mass-actions/${firstKey}`);
    await expect(page.getByRole('heading', { name: `e2e-start-again-${tag}.csv`, level: 1 })).toBeVisible();
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('the list offers no Start, the start page is not for the role, and the API refuses an upload', async ({ page, request }) => {
    await page.goto('/mass-actions');
    await expect(page.getByText('Register bulk keys').first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Start a mass action' })).toHaveCount(0);
    await page.goto('/mass-actions/new');
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
    await expect(page.getByLabel('Action type')).toHaveCount(0);

    const before = await uploadCounts();
    const upload = await request.post('/api/uploads', {
      headers: { origin: E2E_CONSOLE_URL },
      multipart: { actionType: 'UpdateAccountingCode', file: { name: 'viewer.csv', mimeType: 'text/csv', buffer: Buffer.from(accountingCodes(unique(), 1)) } },
    });
    expect(upload.status()).toBe(403);
    expect(await uploadCounts()).toEqual(before);
  });
});

test.describe('in production', () => {
  // A console of its own that calls its tenant production (the shared sandbox behind it).
  let own: OwnConsole;
  test.beforeAll(async () => {
    own = await startOwnConsole(3138, { ZUORA_ENVIRONMENT: 'production' });
  });
  test.afterAll(async () => own.stop());

  test('the row count must be typed to start, by the page and by the server', async ({ browser }) => {
    const tag = unique();
    const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
    await page.goto('/mass-actions/new');
    const checked = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/uploads');
    const preview = await checkFile(page, { name: `production-${tag}.csv`, csv: accountingCodes(tag, 12), label: `e2e-start-production-${tag}.csv` });
    const { upload } = (await (await checked).json()) as { upload: { uploadId: number } };
    await expect(preview).toContainText('PRODUCTION · Zuora at');

    const before = await uploadCounts();
    const refused = await page.request.post(`/api/uploads/${upload.uploadId}/start`, { headers: { origin: own.url }, data: {} });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.code).toBe('confirmation_required');
    expect(await uploadCounts()).toEqual(before);

    await preview.getByRole('button', { name: 'Start…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Start 12 rows of Update accounting codes in production?' });
    await expect(dialog).toContainText('PRODUCTION · Zuora at');
    const confirm = dialog.getByRole('button', { name: 'Start 12 rows' });
    await expect(confirm).toBeDisabled();
    await expect(confirm).toHaveAccessibleDescription('Still needed: the number of rows, 12, typed.');
    await dialog.getByLabel(/^Type the number of rows, 12/).fill('21');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/^Type the number of rows, 12/).fill('12');
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(page).toHaveURL(JOB_PAGE);
    await expect(page.getByRole('heading', { name: `e2e-start-production-${tag}.csv`, level: 1 })).toBeVisible();
    expect((await uploadCounts()).accepted).toBe(before.accepted + 1);
    await context.close();
  });
});
