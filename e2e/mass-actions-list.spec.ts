import { consoleApi, demoAccount, expect, sandbox, test } from './fixtures';

const count = (value: number | string | null) => Number(value ?? 0);
import { E2E_SANDBOX_URL, storageStateFor } from './stack';

const SLOW_LABEL = 'accounting-codes-restatement-2026.csv';

test.describe('signed in as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('shows the sandbox mass actions with their environment and live status', async ({ page }) => {
    await page.goto('/mass-actions?tab=all');
    await expect(page.getByRole('note', { name: 'Zuora environment' })).toHaveText(`Sandbox · Zuora at ${new URL(E2E_SANDBOX_URL).host}`);
    const rows = page.getByRole('row');
    for (const label of ['accounting-codes-2026-11.csv', 'revenue-schedule-deletes-q3.csv', 'fx-rates-2026-12-draft.csv', SLOW_LABEL]) {
      await expect(rows.filter({ hasText: label })).toHaveCount(1);
    }
    await expect(rows.filter({ hasText: 'revenue-schedule-deletes-q3.csv' })).toContainText('Failed');
    await expect(rows.filter({ hasText: 'fx-rates-2026-12-draft.csv' })).toContainText(/Stopping|Stopped/);
  });

  test('finished mass actions never say "remaining": a Stopped one says never processed, a Failed one what Zuora says and what to do', async ({ page }) => {
    await page.goto('/mass-actions?tab=all');
    const failed = page.getByRole('row').filter({ hasText: 'revenue-schedule-deletes-q3.csv' });
    await expect(failed).toContainText('Failed');
    await expect(failed).toContainText(/0 succeeded, 0 failed, [\d,]+ never processed \(failed\) of [\d,]+/);
    await expect(failed).toContainText('Zuora reports this mass action as Failed and gives no reason through its API');
    await expect(failed).toContainText('upload it again as a new mass action');
    await expect(failed).not.toContainText('remaining');
    const stopped = page.getByRole('row').filter({ hasText: 'accounting-codes-reclass-2026-10.csv' });
    await expect(stopped).toContainText('Stopped', { timeout: 30_000 });
    await expect(stopped).toContainText(/[\d,]+ succeeded, [\d,]+ failed, [\d,]+ never processed \(stopped\) of [\d,]+/);
    await expect(stopped).not.toContainText('remaining');
  });

  test('an empty list says what to do next: clear the search, or look in the other tabs', async ({ page }) => {
    await page.goto('/mass-actions?q=no-such-mass-action-e2e');
    await expect(page.getByRole('main')).toContainText('No mass actions match “no-such-mass-action-e2e” in this tab.');
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await expect(page).toHaveURL(/\/mass-actions$/);
    await expect(page.getByRole('searchbox')).toHaveValue('');
    await expect(page.getByRole('row').nth(1)).toBeVisible();

    // Completed, so not in the Failed tab: the way to it is offered.
    await page.goto('/mass-actions?tab=failed&q=revenue-schedule-updates-2026-10');
    await expect(page.getByRole('main')).toContainText('No mass actions match “revenue-schedule-updates-2026-10” in this tab.');
    await page.getByRole('button', { name: 'Search all tabs · 1 match' }).click();
    await expect(page).toHaveURL(/tab=all/);
    await expect(page.getByRole('row').filter({ hasText: 'revenue-schedule-updates-2026-10.csv' })).toBeVisible();
  });

  test('watches a processing mass action advance without reloading', async ({ page }) => {
    await page.goto('/mass-actions');
    const row = page.getByRole('row').filter({ hasText: SLOW_LABEL });
    await expect(row).toContainText('Processing', { timeout: 20_000 });
    const progress = row.getByText(/succeeded, .* remaining of 20,000/);
    const first = await progress.textContent();
    await expect(progress).not.toHaveText(first ?? '', { timeout: 20_000 });
    const remaining = (text: string | null) => Number(/([\d,]+) remaining/.exec(text ?? '')?.[1]?.replaceAll(',', ''));
    expect(remaining(await progress.textContent())).toBeLessThan(remaining(first));
  });

  test('a page opened after nobody watched shows what Zuora says now, and says how old it is', async ({ page, request }) => {
    const bulkKey = await sandbox.startMassAction(20_000, { pendingMs: 0, rowsPerSecond: 200 });
    expect((await consoleApi(request).register(bulkKey, 'idle-then-opened.csv')).status()).toBe(200);
    const processedOnScreen = async () => {
      const text = await page.getByRole('row').filter({ hasText: 'idle-then-opened.csv' }).getByText(/remaining of 20,000/).textContent();
      const [succeeded, failed] = [...(text ?? '').matchAll(/([\d,]+) (?:succeeded|failed)/g)].map((m) => Number(m[1]!.replaceAll(',', '')));
      return (succeeded ?? 0) + (failed ?? 0);
    };
    // Nobody watches: the refresher keeps reading for two intervals after the last viewer left (5 s
    // each here), and the values it read go stale two intervals later.
    await page.waitForTimeout(22_000);
    const before = count((await sandbox.massAction(bulkKey)).processedCount);
    await page.goto(`/mass-actions?q=${bulkKey}`);
    const row = page.getByRole('row').filter({ hasText: 'idle-then-opened.csv' });
    await expect(row).toContainText('Processing');
    // Not the count of 11 s ago: at least what Zuora said just before the page was opened.
    expect(await processedOnScreen()).toBeGreaterThanOrEqual(before);
    await expect(row.getByText(/^read (just now|[1-4] s ago)$/)).toBeVisible();
  });

  test('keeps the last known values and says so while Zuora fails, and recovers', async ({ page }) => {
    await page.goto('/mass-actions');
    const row = page.getByRole('row').filter({ hasText: SLOW_LABEL });
    await expect(row).toContainText('Processing', { timeout: 20_000 });
    await sandbox.setFaults({ serverError: { count: 1000, status: 503 } });
    try {
      await expect(page.getByRole('main').getByRole('alert')).toContainText(/Zuora answered 503/, { timeout: 30_000 });
      await expect(page.getByRole('main').getByRole('alert')).toContainText('the console keeps trying');
      await expect(row).toContainText('Processing');
      await expect(row.getByText(/remaining of 20,000/)).toBeVisible();
      // The values keep their true age: past two intervals they are dimmed and say so, page and row.
      await expect(row.getByText(/^read (1[1-9]|[2-9]\d) s ago · not current$/)).toBeVisible({ timeout: 30_000 });
      await expect(page.getByText(/^Zuora read \d+ s ago · not current$/)).toBeVisible();
      await expect(row.getByRole('cell').filter({ hasText: 'Processing' })).toHaveClass(/grayscale/);
    } finally {
      await sandbox.clearFaults();
    }
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0, { timeout: 30_000 });
  });

  test('shows the signed-in user and signs out', async ({ browser }) => {
    // A session of its own: signing out ends it on the server, and the saved one serves other tests.
    const page = await browser.newPage({ storageState: undefined });
    const operator = demoAccount('operator');
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Olivia Operator')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to the Mass Action Console' })).toBeVisible();
    await page.goto('/mass-actions');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await page.close();
  });
});

test.describe('without a session', () => {
  test('a page sends the user to sign in and back to the page', async ({ page }) => {
    await page.goto('/mass-actions');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fmass-actions$/);
    await page.getByLabel('Email').fill('viewer@example.com');
    await page.getByLabel('Password').fill('demo-viewer');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/mass-actions$/);
    await expect(page.getByText('Victor Viewer')).toBeVisible();
  });

  test('a wrong password is refused without saying whether the account exists', async ({ page }) => {
    await page.goto('/sign-in');
    const messages: string[] = [];
    for (const email of ['viewer@example.com', 'nobody@example.com']) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.getByRole('main').getByRole('alert');
      await expect(alert).toBeVisible();
      messages.push((await alert.textContent()) ?? '');
    }
    expect(messages[0]).toBe(messages[1]);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('the API answers 401 in the error shape, and health answers without configuration', async ({ request }) => {
    const list = await request.get('/api/mass-actions');
    expect(list.status()).toBe(401);
    expect(await list.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in to use the console.' } });

    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    const body = await health.text();
    expect(JSON.parse(body)).toEqual({ status: 'ok', checks: { configuration: 'ok', database: 'ok', zuora: 'ok' } });
    expect(body).not.toContain('127.0.0.1');
  });
});
