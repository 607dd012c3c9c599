import AxeBuilder from '@axe-core/playwright';
import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

test.use({ storageState: storageStateFor('operator'), viewport: { width: 1280, height: 720 } });

test('a rule set on the job page fires with nobody watching: one stop, and the page says why', async ({ page, request, browser }) => {
  test.setTimeout(90_000);
  // Every third row fails: at 20 rows a second the rule "> 20% after 200" is met about 10 s in.
  const bulkKey = await sandbox.startMassAction(5000, { pendingMs: 0, rowsPerSecond: 20, failEvery: 3, stoppingMs: 500 });
  expect((await consoleApi(request).register(bulkKey, 'e2e-auto-stop-payments.csv')).status()).toBe(200);
  const stopsBefore = await sandbox.stopCalls();

  await page.goto(`/mass-actions/${bulkKey}`);
  const section = page.getByRole('region', { name: 'Auto-stop' });
  await expect(section).toContainText('No rule');
  await section.getByRole('button', { name: 'Set a rule' }).click();
  const form = section.getByRole('form', { name: 'Edit the auto-stop rule' });
  // A bad value is said beside its field and saves nothing.
  await form.getByLabel('X: failed share, more than (%)').fill('150');
  await form.getByLabel('N: processed rows, at least').fill('200');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('X: failed share, more than (%)')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('X: failed share, more than (%)').fill('20');
  expect((await new AxeBuilder({ page }).include('[aria-labelledby="auto-stop-heading"]').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(section).toContainText('Stop when > 20% failed after 200 processed');
  await expect(section).toContainText('set by Olivia Operator');
  // The figures it is watched against, with when Zuora was read for them.
  await expect(section).toContainText(/watching: [\d,]+ of 5,000 processed, [\d.]+% failed · read (just now|\d+ s ago)/);
  expect((await sandbox.massAction(bulkKey)).status).toBe('Processing');

  // Nobody watches: the page goes, and the console reads the key because of its rule.
  await page.goto('about:blank');
  await expect.poll(async () => (await sandbox.massAction(bulkKey)).status, { timeout: 45_000, intervals: [500] }).toMatch(/Stopping|Stopped/);
  expect(await sandbox.stopCalls()).toBe(stopsBefore + 1);
  const atStop = await sandbox.massAction(bulkKey);
  expect(Number(atStop.processedCount)).toBeGreaterThanOrEqual(200);

  await page.goto(`/mass-actions/${bulkKey}`);
  await expect(section).toContainText(/Fired .*auto-stop: [\d,]+ of [\d,]+ processed rows failed \(3\d(\.\d)?%\), rule > 20% after 200 set by Olivia Operator/);
  await expect(page.getByText(/stopped by The console \(auto-stop rule\)/i).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/auto-stop-fired.png', fullPage: true });

  // The trail names the console, and the rule's author, for everyone who may read it.
  const viewer = await browser.newContext({ storageState: storageStateFor('viewer') });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(`/mass-actions/${bulkKey}`);
  await expect(viewerPage.getByRole('region', { name: 'Auto-stop' })).toContainText('Fired');
  await expect(viewerPage.getByRole('region', { name: 'Auto-stop' }).getByRole('button', { name: /rule/ })).toHaveCount(0);
  await viewer.close();
  expect(await sandbox.stopCalls()).toBe(stopsBefore + 1);
});
