import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

const BAD_KEYS = ['../../../../../../../../../../etc', '%2F'.repeat(10) + 'ab', 'é'.repeat(32), 'short', 'a'.repeat(33)];

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('registers a mix of good, unknown and malformed keys, each reported', async ({ page }) => {
    const good = await sandbox.startMassAction(500, { pendingMs: 0, rowsPerSecond: 5 });
    const unknown = '0123456789abcdef0123456789abcdef';
    await page.goto('/mass-actions');
    await page.getByText('Register bulk keys').click();
    await page.getByLabel(/^Bulk keys/).fill(`${good}, ${unknown}\n../etc/passwd`);
    await page.getByLabel(/^Label/).fill('e2e-register.csv');
    await page.getByRole('button', { name: 'Register' }).click();
    const results = page.getByRole('list', { name: 'Registration results' });
    await expect(results.getByRole('listitem').filter({ hasText: good })).toContainText('Registered');
    await expect(results.getByRole('listitem').filter({ hasText: unknown })).toContainText('Unknown to Zuora');
    await expect(results.getByRole('listitem').filter({ hasText: '../etc/passwd' })).toContainText('Malformed');
    await expect(page.getByRole('row').filter({ hasText: 'e2e-register.csv' })).toContainText('Processing');
  });

  test('stops with a reason: Stopping at once, then Stopped, and the reason in the audit trail', async ({ page, browser, request }) => {
    const bulkKey = await sandbox.startMassAction(2000, { pendingMs: 0, rowsPerSecond: 20, stoppingMs: 4000 });
    expect((await consoleApi(request).register(bulkKey, 'e2e-stop-me.csv')).status()).toBe(200);
    // All, not Active: the row must stay on screen once Stopped.
    await page.goto('/mass-actions?tab=all&q=e2e-stop-me');
    const row = page.getByRole('row').filter({ hasText: 'e2e-stop-me.csv' });
    await expect(row).toContainText('Processing');
    await row.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Sandbox · Zuora at 127.0.0.1:4110');
    await expect(dialog).toContainText(bulkKey);
    await expect(dialog).toContainText(/[\d,]+ rows already processed will stay processed/);
    await expect(dialog).toContainText(/[\d,]+ rows will not be processed/);
    await expect(dialog).toContainText('A result file will be produced');
    await expect(dialog).toContainText(/[\d,]+ rows? already processed will stay processed \([\d,]+ succeeded, [\d,]+ failed\)/);
    // A sandbox stop is one confirm: the reason is optional and nothing is typed to confirm.
    await expect(dialog.getByLabel(/^Reason \(optional/)).toBeVisible();
    await expect(dialog.getByLabel(/to confirm/)).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Stop mass action' })).toBeEnabled();
    await dialog.getByLabel(/^Reason/).fill('wrong mapping in column B');
    await dialog.getByRole('button', { name: 'Stop mass action' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('Stopping');
    await expect(row).toContainText('Stopped', { timeout: 30_000 });
    await expect(row.getByRole('button', { name: 'Stop' })).toHaveCount(0);

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?bulkKey=${bulkKey}&kind=stop-request`);
    const stopEntry = audit.getByRole('row').nth(1);
    await expect(stopEntry).toContainText('operator@example.com');
    await expect(stopEntry).toContainText('Zuora accepted it');
    await expect(stopEntry).toContainText('Reason: “wrong mapping in column B”');
    await expect(stopEntry).toContainText('Label: e2e-stop-me.csv');
    await expect(stopEntry).toContainText("Zuora's answer: accepted");
    await audit.goto(`/audit?bulkKey=${bulkKey}&kind=status-change`);
    await expect(audit.getByRole('row').filter({ hasText: 'to Stopped' })).toHaveCount(1);
    await admin.close();
  });

  test('a long reason wraps inside its cell on the audit page and the job page at 1280×720', async ({ page, browser, request }) => {
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 10, stoppingMs: 1000 });
    // One word of 429 characters: nothing to break it at but the cell's edge.
    const reason = `FIN-4821:${'wrongmappingincolumnB'.repeat(20)}`;
    expect((await consoleApi(request).register(bulkKey, 'e2e-long-reason.csv')).status()).toBe(200);
    expect((await consoleApi(request).stop(bulkKey, reason)).status()).toBe(200);
    const fitsItsBox = (element: HTMLElement | SVGElement) => element.scrollWidth <= element.clientWidth;

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/mass-actions/${bulkKey}`);
    const activity = page.getByRole('region', { name: 'Activity' });
    await expect(activity).toContainText(reason);
    expect(await activity.evaluate(fitsItsBox)).toBe(true);

    const admin = await browser.newContext({ storageState: storageStateFor('admin'), viewport: { width: 1280, height: 720 } });
    const audit = await admin.newPage();
    await audit.goto(`/audit?bulkKey=${bulkKey}&kind=stop-request`);
    await expect(audit.getByRole('row').nth(1)).toContainText(reason);
    // The table's scrolling box: a long reason must not widen the table past it.
    expect(await audit.getByRole('table').evaluate((table) => table.parentElement!.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
    expect(await audit.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await admin.close();
  });

  test('two operators stopping the same job at once make one Zuora stop call, and both are answered', async ({ playwright }) => {
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 10, stoppingMs: 2000 });
    const operator = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor('operator') });
    const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor('admin') });
    expect((await consoleApi(operator).register(bulkKey)).status()).toBe(200);
    const before = await sandbox.stopCalls();
    // Zuora slow enough, as a real tenant is, that the second arrives while the first is under way.
    await sandbox.setFaults({ latencyMs: 300 });
    const [first, second] = await Promise.all([consoleApi(operator).stop(bulkKey, 'first'), consoleApi(admin).stop(bulkKey, 'second')]).finally(() => sandbox.clearFaults());
    expect([first.status(), second.status()]).toEqual([200, 200]);
    expect([(await first.json()).joined, (await second.json()).joined].sort()).toEqual([false, true]);
    expect(await sandbox.stopCalls()).toBe(before + 1);

    // A late double click finds it Stopping and is told so, without another stop call.
    const late = await consoleApi(operator).stop(bulkKey);
    expect(late.status()).toBe(409);
    expect((await late.json()).error.message).toMatch(/is Stopp(ing|ed); only Pending or Processing/);
    expect(await sandbox.stopCalls()).toBe(before + 1);
    await operator.dispose();
    await admin.dispose();
  });

  test('malformed bulk keys are refused with the reason before any Zuora call', async ({ request }) => {
    const before = await sandbox.stats();
    for (const bad of BAD_KEYS) {
      const response = await consoleApi(request).stop(encodeURIComponent(bad));
      expect(response.status(), bad).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'bad_bulk_key', message: expect.stringMatching(/bulk key/i) });
    }
    const after = await sandbox.stats();
    expect(after.calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0).toBe(before.calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0);
  });

  test('a mass action stuck in Stopping is flagged with how long', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 10, stoppingMs: 600_000 });
    await consoleApi(request).register(bulkKey, 'e2e-stuck.csv');
    expect((await consoleApi(request).stop(bulkKey)).status()).toBe(200);
    await page.goto('/mass-actions?tab=all&q=e2e-stuck');
    const row = page.getByRole('row').filter({ hasText: 'e2e-stuck.csv' });
    await expect(row).toContainText('Stopping');
    // The e2e console flags after 6 s (STOPPING_STUCK_AFTER_MINUTES=0.1).
    await expect(row.getByRole('status')).toHaveText(/Stuck in Stopping for \d+ s/, { timeout: 20_000 });
  });

  test('a 429 storm from Zuora leaves the page usable and says so', async ({ page }) => {
    await page.goto('/mass-actions');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await sandbox.setFaults({ rateLimit: { count: 100_000, retryAfterSeconds: 2 } });
    try {
      await expect(page.getByRole('main').getByRole('alert')).toContainText('rate-limiting', { timeout: 40_000 });
      await page.getByRole('button', { name: /^All/ }).click();
      await expect(page).toHaveURL(/tab=all/);
      // Searched for: the suite's other tests register enough to push it off the first page.
      await page.getByRole('searchbox').fill('accounting-codes-2026-11');
      await expect(page.getByRole('row').filter({ hasText: 'accounting-codes-2026-11.csv' })).toBeVisible();
      // Back to a view with live rows: one of only finished rows is not polled, and keeps its banner.
      await page.getByRole('searchbox').fill('');
    } finally {
      await sandbox.clearFaults();
    }
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0, { timeout: 40_000 });
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('cannot stop: the button is disabled with the reason, and the API answers 403', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 5 });
    await page.goto('/mass-actions');
    await expect(page.getByRole('button', { name: 'Stop', exact: true }).first()).toBeDisabled();
    const before = await sandbox.stopCalls();
    const response = await consoleApi(request).stop(bulkKey);
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(await sandbox.stopCalls()).toBe(before);
  });

  test("a viewer's refused stop is in the audit trail as refused: who, which key, why", async ({ request, browser }) => {
    const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 5 });
    const response = await consoleApi(request).stop(bulkKey, 'let me stop it');
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?bulkKey=${bulkKey}&kind=stop-request`);
    const entry = audit.getByRole('row').nth(1);
    await expect(entry).toContainText('viewer@example.com · viewer');
    await expect(entry).toContainText('Stop refused by the console: a viewer may not stop mass actions (the operator role is needed)');
    await expect(entry).toContainText("Zuora's answer: not asked");
    await expect(entry.getByRole('link', { name: `${bulkKey.slice(0, 8)}…` })).toHaveAttribute('href', `/mass-actions/${bulkKey}`);
    await admin.close();
  });

  test('a filtered view opened from its URL in a fresh browser shows the same rows', async ({ page, browser }) => {
    await page.goto('/mass-actions');
    await page.getByRole('button', { name: /^All/ }).click();
    await page.getByRole('searchbox').fill('revenue');
    await page.getByLabel('Sort by').selectOption('label');
    await expect(page).toHaveURL(/q=revenue/);
    await expect(page).toHaveURL(/sort=label/);
    // Each row's first link is its label (an operator's rows start with a selection box).
    const labels = async (p: import('@playwright/test').Page) => (await p.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelector('a')?.textContent ?? ''))).join('|');
    await expect(page.locator('tbody tr')).toHaveCount(3);
    const url = page.url();
    const expected = await labels(page);

    const fresh = await browser.newContext({ storageState: storageStateFor('operator') });
    const other = await fresh.newPage();
    await other.goto(url);
    await expect(other.locator('tbody tr')).toHaveCount(3);
    expect(await labels(other)).toBe(expected);
    await expect(other.getByRole('searchbox')).toHaveValue('revenue');
    await fresh.close();
  });
});
