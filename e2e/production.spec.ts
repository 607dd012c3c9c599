import { demoAccount, expect, sandbox, test } from './fixtures';
import { anonymous, signedInPage, startOwnConsole, type OwnConsole } from './own-console';

// A console of its own that calls its tenant production (ZUORA_ENVIRONMENT=production, the shared
// sandbox behind it): what a production stop asks for, and the production icon.
let own: OwnConsole;
test.beforeAll(async () => {
  own = await startOwnConsole(3134, { ZUORA_ENVIRONMENT: 'production' });
});
test.afterAll(async () => own.stop());

test('a production stop needs a reason and "production" typed, shows the processed rows as succeeded + failed, and the server refuses one without a reason', async ({ browser }) => {
  const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 20, failEvery: 7, stoppingMs: 1000 });
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  const headers = { origin: own.url };
  expect((await page.request.post('/api/mass-actions', { headers, data: { keys: bulkKey, label: 'e2e-production-stop.csv' } })).status()).toBe(200);

  // The server insists, whatever a page does.
  const stopsBefore = await sandbox.stopCalls();
  for (const data of [{}, { reason: '   ' }]) {
    const refused = await page.request.post(`/api/mass-actions/${bulkKey}/stop`, { headers, data });
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: 'reason_required', message: expect.stringMatching(/^A stop in production must give a reason/) } });
  }
  expect(await sandbox.stopCalls()).toBe(stopsBefore);

  await page.goto('/mass-actions?tab=all&q=e2e-production-stop');
  const row = page.getByRole('row').filter({ hasText: 'e2e-production-stop.csv' });
  // Some rows failed already (every 7th does), so both numbers of the split mean something.
  await expect(row.getByText(/[1-9][\d,]* failed/)).toBeVisible({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Stop' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('PRODUCTION · Zuora at');
  const split = await dialog.getByText(/rows? already processed will stay processed/).textContent();
  const [processed, succeeded, failed] = (/^([\d,]+) rows? already processed will stay processed \(([\d,]+) succeeded, ([\d,]+) failed\)/.exec(split ?? '') ?? []).slice(1).map((n) => Number(n.replaceAll(',', '')));
  expect(failed).toBeGreaterThan(0);
  expect(processed).toBe(succeeded! + failed!);

  const confirm = dialog.getByRole('button', { name: 'Stop mass action' });
  await expect(confirm).toBeDisabled();
  await expect(confirm).toHaveAccessibleDescription('To stop, give a reason and type “production”.');
  await dialog.getByLabel('Type production to confirm').fill('Production');
  await dialog.getByLabel(/^Reason \(required/).fill('FIN-4821 wrong mapping in column B');
  await expect(confirm).toBeDisabled();
  await expect(confirm).toHaveAccessibleDescription('To stop, type “production”.');
  await dialog.getByLabel('Type production to confirm').fill('production');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(/Stopping|Stopped/);
  await expect(page.getByRole('log', { name: 'Announcements' })).toContainText('Stop requested for e2e-production-stop.csv.');
  expect(await sandbox.stopCalls()).toBe(stopsBefore + 1);
  const reasonInTrail = async () => {
    const { trail } = (await (await page.request.get(`/api/mass-actions/${bulkKey}`)).json()) as { trail: { kind: string; details: { reason?: string } | null }[] };
    return trail.find((event) => event.kind === 'stop-request')?.details?.reason;
  };
  await expect.poll(reasonInTrail).toBe('FIN-4821 wrong mapping in column B');
  await context.close();
});

test('every page links the red production icon, served without a session', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  await page.goto('/mass-actions');
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute('href', /^\/icons\/production\.svg/);
  const href = (await icon.getAttribute('href'))!;
  await context.close();

  const stranger = await anonymous(own.url);
  const svg = await stranger.get(href, { maxRedirects: 0 });
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  expect(await svg.text()).toContain('fill="#b91c1c"');
  expect((await stranger.get('/favicon.ico', { maxRedirects: 0 })).status()).toBe(200);
  // The sign-in page, the one a stranger sees, is marked production too.
  expect(await (await stranger.get('/sign-in')).text()).toMatch(/<link(?=[^>]*rel="icon")(?=[^>]*href="\/icons\/production\.svg")[^>]*>/);
  await stranger.dispose();
});

test('a production bulk stop asks for the count typed, and the server insists on it', async ({ browser }) => {
  const tag = `${Date.now().toString(36)}`;
  const keys = [await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 5, stoppingMs: 500 }), await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 5, stoppingMs: 500 })];
  const { context, page } = await signedInPage(browser, own, demoAccount('operator'));
  await page.setViewportSize({ width: 1280, height: 720 });
  const headers = { origin: own.url };
  expect((await page.request.post('/api/mass-actions', { headers, data: { keys: keys.join('\n'), label: `e2e-production-bulk-${tag}.csv` } })).status()).toBe(200);
  const stopsBefore = await sandbox.stopCalls();
  // Without the count typed, the server stops nothing.
  const untyped = await page.request.post('/api/mass-actions/bulk-stop', { headers, data: { target: { keys }, reason: 'wrong file', expectedKeys: keys, confirmation: 'production' } });
  expect(untyped.status()).toBe(400);
  expect(await sandbox.stopCalls()).toBe(stopsBefore);

  await page.goto(`/mass-actions?q=e2e-production-bulk-${tag}`);
  await page.getByLabel('Select every stoppable mass action on this page').check();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Stop 2 mass actions…' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('PRODUCTION · Zuora at 127.0.0.1:4110');
  await dialog.getByLabel(/^Reason/).fill('wrong file');
  const stop = dialog.getByRole('button', { name: 'Stop 2 mass actions' });
  await expect(stop).toBeDisabled();
  await expect(dialog).toContainText('To stop, type 2.');
  await dialog.getByLabel(/to confirm/).fill('2');
  await page.screenshot({ path: 'test-results/screenshots/bulk-stop-production.png' });
  await stop.click();
  await expect(dialog.getByRole('status')).toHaveText('2 mass actions stopping.');
  expect(await sandbox.stopCalls()).toBe(stopsBefore + 2);
  await context.close();
});
