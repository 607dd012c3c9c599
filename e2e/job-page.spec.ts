import type { APIRequestContext } from '@playwright/test';
import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

test.use({ storageState: storageStateFor('viewer') });

type Trail = { kind: string; clientAddress?: string | null; details: Record<string, unknown> | null }[];

test("a viewer opening a link to a key the console does not follow sees Zuora's view, and nothing is registered", async ({ page, request, browser }) => {
  const bulkKey = await sandbox.startMassAction(200, { pendingMs: 0, rowsPerSecond: 2 });
  await page.goto(`/mass-actions/${bulkKey}`);
  const registration = page.getByRole('region', { name: 'Not registered in the console yet' });
  await expect(registration).toContainText('Opening this link changed nothing');
  await expect(registration).toContainText('Only operators can register it');
  await expect(page.getByRole('button', { name: 'Register this mass action' })).toHaveCount(0);
  const zuora = page.getByRole('region', { name: 'What Zuora says' });
  await expect(zuora).toContainText('Processing');
  await expect(zuora).toContainText('UpdateAccountingCode');
  await expect(zuora).toContainText('200 total');

  const job = await request.get(`/api/mass-actions/${bulkKey}`);
  expect(job.status()).toBe(404);
  expect((await job.json()).error.code).toBe('not_registered');
  expect((await consoleApi(request).list(`tab=all&q=${bulkKey}`)).items).toHaveLength(0);
  const admin = await browser.newContext({ storageState: storageStateFor('admin') });
  const audit = await admin.newPage();
  await audit.goto(`/audit?bulkKey=${bulkKey}`);
  await expect(audit.getByText('No entries match these filters.')).toBeVisible();
  await admin.close();
});

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('registers a key opened through a link only on an explicit click; then the job appears, audited', async ({ page, request, browser }) => {
    const bulkKey = await sandbox.startMassAction(200, { pendingMs: 0, rowsPerSecond: 2 });
    await page.goto(`/mass-actions/${bulkKey}`);
    await expect(page.getByRole('region', { name: 'What Zuora says' })).toContainText('Processing');
    expect((await consoleApi(request).list(`tab=all&q=${bulkKey}`)).items).toHaveLength(0);

    await page.getByRole('button', { name: 'Register this mass action' }).click();
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary).toContainText('by operator@example.com (link)');
    await expect(summary).toContainText('UpdateAccountingCode');
    await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Registered from a link to it');
    await expect(page.getByRole('region', { name: 'Not registered in the console yet' })).toHaveCount(0);
    expect((await consoleApi(request).list(`tab=all&q=${bulkKey}`)).items).toHaveLength(1);

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?bulkKey=${bulkKey}&kind=registration`);
    await expect(audit.getByRole('row').nth(1)).toContainText('operator@example.com');
    await expect(audit.getByRole('row').nth(1)).toContainText('Registered from a link to it');
    await admin.close();
  });
});

test('an unknown key gets a not-found page (404), a malformed one a page that says why (400)', async ({ page }) => {
  const unknown = await page.goto(`/mass-actions/${'0'.repeat(32)}`);
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Mass action not found' })).toBeVisible();
  for (const [path, why] of [['/mass-actions/not-a-key%2F..%2F', /only letters and digits/], ['/mass-actions/not-a-key', /only letters and digits/], ['/mass-actions/abc123', /32 characters long; this one has 6/]] as const) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(400);
    await expect(page.getByRole('heading', { name: 'This link does not name a mass action' })).toBeVisible();
    await expect(page.getByRole('main').getByText(why)).toBeVisible();
    // The console's own page, signed in, with its banner: not a bare refusal.
    await expect(page.getByRole('note', { name: 'Zuora environment' })).toBeVisible();
  }
});

test('Copy link without the Clipboard API copies the old way and says so, without a page error', async ({ page, request }) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  // As on plain http to a host other than localhost: no navigator.clipboard. execCommand('copy') is
  // watched: what was selected when it ran is what a real browser would have copied.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    const copies: string[] = [];
    Object.assign(window, { copies });
    document.execCommand = (command: string) => {
      const field = document.activeElement as HTMLTextAreaElement | null;
      if (command === 'copy' && field) copies.push(field.value.slice(field.selectionStart, field.selectionEnd));
      return command === 'copy';
    };
  });
  const { items } = await consoleApi(request).list('tab=all');
  await page.goto(`/mass-actions/${items[0]!.bulkKey}`);
  const copy = page.getByRole('button', { name: 'Copy link' });
  await copy.click();
  await expect(copy).toHaveText('Link copied');
  await expect(page.getByRole('log', { name: 'Announcements' })).toHaveText('Link copied.');
  expect(await page.evaluate(() => (window as unknown as { copies: string[] }).copies)).toEqual([page.url()]);
  await expect(copy).toBeFocused();
  expect(pageErrors).toEqual([]);
});

test('Copy link where the browser allows no copy at all shows the link selected for Ctrl+C, and says so', async ({ page, request }) => {
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    document.execCommand = () => false;
  });
  const { items } = await consoleApi(request).list('tab=all');
  await page.goto(`/mass-actions/${items[0]!.bulkKey}`);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByRole('textbox', { name: /^The link, selected: press Ctrl\+C to copy it/ });
  await expect(field).toHaveValue(page.url());
  await expect(field).toBeFocused();
  expect(await field.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(page.url());
  await expect(page.getByRole('log', { name: 'Announcements' })).toContainText('Could not copy the link');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeFocused();
  expect(pageErrors).toEqual([]);
});

test('the job page shows live progress and the operator-only Stop as disabled for a viewer', async ({ page, playwright }) => {
  const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 20 });
  const operator = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor('operator') });
  expect((await consoleApi(operator).register(bulkKey)).status()).toBe(200);
  await operator.dispose();
  await page.goto(`/mass-actions/${bulkKey}`);
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('Processing');
  const progress = summary.getByText(/remaining of 5,000/);
  const first = await progress.textContent();
  await expect(progress).not.toHaveText(first ?? '', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
});

test('the job API gives client addresses and the full audit details to admins only', async ({ playwright }) => {
  const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 10, stoppingMs: 1000 });
  const contexts = await Promise.all((['viewer', 'operator', 'admin'] as const).map((role) =>
    playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor(role) })));
  const [viewer, operator, admin] = contexts as [APIRequestContext, APIRequestContext, APIRequestContext];
  expect((await consoleApi(operator).register(bulkKey, 'e2e-redaction.csv')).status()).toBe(200);
  expect((await consoleApi(operator).stop(bulkKey, 'e2e redaction check')).status()).toBe(200);
  const trailAs = async (context: APIRequestContext) => {
    const response = await context.get(`/api/mass-actions/${bulkKey}`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { trail: Trail }).trail;
  };

  for (const context of [viewer, operator]) {
    const trail = await trailAs(context);
    expect(trail.filter((event) => 'clientAddress' in event)).toEqual([]);
    expect(trail.find((event) => event.kind === 'registration')?.details).toBeNull();
    expect(trail.find((event) => event.kind === 'stop-request')?.details).toEqual({ reason: 'e2e redaction check', label: 'e2e-redaction.csv', zuoraAnswer: 'accepted' });
  }
  const full = await trailAs(admin);
  expect(full.find((event) => event.kind === 'registration')).toMatchObject({ clientAddress: expect.any(String), details: { via: 'form', label: 'e2e-redaction.csv' } });
  expect(full.find((event) => event.kind === 'stop-request')).toMatchObject({
    clientAddress: expect.any(String),
    details: { reason: 'e2e redaction check', zuoraAnswer: 'accepted', joined: false, statusBefore: expect.stringMatching(/^(Pending|Processing)$/) },
  });
  await Promise.all(contexts.map((context) => context.dispose()));
});
