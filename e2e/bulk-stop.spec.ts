import AxeBuilder from '@axe-core/playwright';
import { consoleApi, demoAccount, expect, sandbox, test } from './fixtures';
import { signedInPage, startOwnConsole, type OwnConsole } from './own-console';
import { E2E_CONSOLE_URL, storageStateFor } from './stack';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const slow = { pendingMs: 0, rowsPerSecond: 5, failEvery: 4, stoppingMs: 500 };

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator'), viewport: { width: 1280, height: 720 } });

  test('selects three (one by a shift-click range) and stops them with one reason: one batch in the audit trail, each key inside it', async ({ page, request, browser }) => {
    const tag = unique();
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) keys.push(await sandbox.startMassAction(3000, slow));
    for (const [i, key] of keys.entries()) expect((await consoleApi(request).register(key, `e2e-bulk-${tag}-${i}.csv`)).status()).toBe(200);
    await page.goto(`/mass-actions?q=e2e-bulk-${tag}&sort=label&dir=asc`);
    const rows = page.getByRole('row').filter({ hasText: `e2e-bulk-${tag}` });
    await expect(rows).toHaveCount(4);
    await expect(rows.filter({ hasText: 'Processing' })).toHaveCount(4);
    const stopsBefore = await sandbox.stopCalls();

    await page.getByLabel(`Select e2e-bulk-${tag}-0.csv`).click();
    await page.getByLabel(`Select e2e-bulk-${tag}-2.csv`).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect(bar).toContainText('3 mass actions selected on this page');
    await expect(page.getByLabel(`Select e2e-bulk-${tag}-1.csv`)).toBeChecked();
    await expect(page.getByLabel(`Select e2e-bulk-${tag}-3.csv`)).not.toBeChecked();
    await bar.getByRole('button', { name: 'Stop 3 mass actions…' }).click();

    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Stop 3 mass actions?');
    await expect(dialog).toContainText('Sandbox · Zuora at 127.0.0.1:4110');
    await expect(dialog).toContainText('3 mass actions Processing');
    // How old the counts are, against when Zuora was read for them, not when the dialog opened.
    await expect(dialog).toContainText(/Counts as read from Zuora, the oldest (just now|\d+ s ago):/);
    await expect(dialog).toContainText(/([\d,]+ rows? already processed across them stay processed|No rows processed across them yet)/);
    const stop = dialog.getByRole('button', { name: 'Stop 3 mass actions' });
    await expect(stop).toBeDisabled();
    await dialog.getByLabel(/^Reason/).fill('Wrong price list (FIN-4821)');
    expect((await new AxeBuilder({ page }).include('[role="alertdialog"]').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: 'test-results/screenshots/bulk-stop-dialog.png' });
    await stop.click();
    await expect(dialog.getByRole('status')).toHaveText('3 mass actions stopping.');
    const batchId = Number((await dialog.getByText(/bulk stop #\d+/).textContent())!.match(/#(\d+)/)![1]);
    await page.screenshot({ path: 'test-results/screenshots/bulk-stop-outcomes.png' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(bar).toBeHidden();

    expect(await sandbox.stopCalls()).toBe(stopsBefore + 3);
    for (const key of keys.slice(0, 3)) await expect.poll(async () => (await sandbox.massAction(key)).status, { timeout: 15_000 }).toMatch(/Stopping|Stopped/);
    expect((await sandbox.massAction(keys[3]!)).status).toBe('Processing');

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?batch=${batchId}`);
    const entries = audit.getByRole('row').filter({ hasText: 'operator@example.com' });
    await expect(entries).toHaveCount(4);
    await expect(entries.filter({ hasText: 'Bulk stop of 3 mass actions (3 selected)' })).toContainText('Reason: “Wrong price list (FIN-4821)”');
    await expect(entries.filter({ hasText: `in bulk stop #${batchId} with 2 others` })).toHaveCount(3);
    // The job page's trail says it too.
    await audit.goto(`/mass-actions/${keys[1]}`);
    await expect(audit.getByText(`in bulk stop #${batchId} with 2 others`)).toBeVisible();
    await admin.close();
  });

  test('the server refuses a bulk stop without a reason, with a bad key, with both keys and a filter, or as a viewer, and stops nothing', async ({ request, browser }) => {
    const key = await sandbox.startMassAction(3000, slow);
    expect((await consoleApi(request).register(key, `e2e-bulk-refused-${unique()}.csv`)).status()).toBe(200);
    const stopsBefore = await sandbox.stopCalls();
    const headers = { origin: E2E_CONSOLE_URL };
    const post = (data: unknown) => request.post('/api/mass-actions/bulk-stop', { headers, data });
    expect((await post({ target: { keys: [key] }, reason: ' ', expectedKeys: [key] })).status()).toBe(400);
    expect((await post({ target: { keys: [key, '../../etc/passwd'] }, reason: 'x', expectedKeys: [key] })).status()).toBe(400);
    expect((await post({ target: { keys: [key], filter: { tab: 'active', q: '' } }, reason: 'x', expectedKeys: [key] })).status()).toBe(400);
    expect((await post({ target: { keys: Array.from({ length: 501 }, () => key) }, reason: 'x', expectedKeys: [key] })).status()).toBe(400);
    const stale = await post({ target: { keys: [key] }, reason: 'x', expectedKeys: [key, 'Z'.repeat(32)] });
    expect(stale.status()).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toContain('now holds 1 mass action that can be stopped, not the 2 mass actions shown');
    const viewer = await browser.newContext({ storageState: storageStateFor('viewer') });
    expect((await viewer.request.post(`${E2E_CONSOLE_URL}/api/mass-actions/bulk-stop`, { headers, data: { target: { keys: [key] }, reason: 'x', expectedKeys: [key] } })).status()).toBe(403);
    expect((await viewer.request.post(`${E2E_CONSOLE_URL}/api/mass-actions/bulk-stop/preview`, { headers, data: { target: { keys: [key] } } })).status()).toBe(403);
    await viewer.close();
    // From another origin, however it is dressed up.
    expect((await request.post('/api/mass-actions/bulk-stop', { headers: { origin: 'https://evil.example' }, data: { target: { keys: [key] }, reason: 'x', expectedKeys: [key] } })).status()).toBe(403);
    expect(await sandbox.stopCalls()).toBe(stopsBefore);
  });
});

test.describe('everything matching a filter', () => {
  // A console of its own: its list holds only this test's mass actions, more than a page of them.
  let own: OwnConsole;
  test.beforeAll(async () => {
    own = await startOwnConsole(3139);
  });
  test.afterAll(async () => own.stop());

  test('with a search applied, stops exactly the mass actions it matches, over all pages', async ({ browser }) => {
    test.setTimeout(120_000);
    const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
    await page.setViewportSize({ width: 1280, height: 720 });
    const headers = { origin: own.url };
    const refunds = await Promise.all(Array.from({ length: 53 }, () => sandbox.startMassAction(3000, slow)));
    const payments = await Promise.all(Array.from({ length: 3 }, () => sandbox.startMassAction(3000, slow)));
    expect((await page.request.post('/api/mass-actions', { headers, data: { keys: refunds.join('\n'), label: 'refunds-december.csv' } })).status()).toBe(200);
    expect((await page.request.post('/api/mass-actions', { headers, data: { keys: payments.join('\n'), label: 'payments-december.csv' } })).status()).toBe(200);

    await page.goto('/mass-actions?q=refunds');
    await expect(page.getByRole('row').filter({ hasText: 'refunds-december.csv' }).filter({ hasText: 'Processing' })).toHaveCount(50);
    await page.getByLabel('Select every stoppable mass action on this page').check();
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect(bar).toContainText('50 mass actions selected on this page');
    await bar.getByRole('button', { name: 'Select everything matching this filter (53 mass actions, search “refunds”)' }).click();
    await expect(bar).toContainText('Everything matching “refunds” in Active: 53 mass actions, over all pages');
    await page.screenshot({ path: 'test-results/screenshots/bulk-stop-all-matching.png' });
    await bar.getByRole('button', { name: 'Stop all matching…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Stop 53 mass actions?');
    await expect(dialog).toContainText('53 mass actions Processing');
    await dialog.getByLabel(/^Reason/).fill('refunds sent twice');
    await dialog.getByRole('button', { name: 'Stop 53 mass actions' }).click();
    await expect(dialog.getByRole('status')).toHaveText('53 mass actions stopping.', { timeout: 60_000 });

    for (const key of refunds) expect((await sandbox.massAction(key)).status).toMatch(/Stopping|Stopped/);
    for (const key of payments) expect((await sandbox.massAction(key)).status).toBe('Processing');
    await context.close();
  });
});
