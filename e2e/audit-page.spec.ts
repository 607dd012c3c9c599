import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { TENANT_TIME_ZONE } from '../zuora-sandbox/zuora-time';
import { consoleApi, expect, sandbox, test } from './fixtures';
import { storageStateFor } from './stack';

// The audit page as an admin reads it at 1280×720: kinds in words, a date range in the console's
// zone (the demo's tenant zone), and the filtered trail as a CSV for a spreadsheet.
test.use({ storageState: storageStateFor('admin'), viewport: { width: 1280, height: 720 } });

const KIND_WORDS = ['Sign-in', 'Sign-in refused', 'Sessions ended', 'Registration', 'Stop request', 'Bulk stop', 'Auto-stop rule', 'Start', 'Status change', 'File download', 'File refused'];

/** YYYY-MM-DD of a day `daysAgo` before today, in the console's zone. */
function dayInConsoleZone(daysAgo: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TENANT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() - daysAgo * 86_400_000);
}

test('filters by kind and dates through the form, in words, and downloads exactly what it shows as CSV', async ({ page }) => {
  // Yesterday too: the run may have started before midnight in the console's zone.
  const [from, to] = [dayInConsoleZone(1), dayInConsoleZone(0)];
  await page.goto('/audit');
  const kind = page.getByLabel('Kind');
  await expect(kind.getByRole('option')).toHaveText(['All kinds', ...KIND_WORDS]);
  await expect(page.getByLabel('From', { exact: true })).toHaveAccessibleDescription(/^From and To are days in America\/Los_Angeles \(UTC−0[78]:00 today\), the zone of every time on this page; both days are included\.$/);
  await expect(page.getByLabel('To', { exact: true })).toHaveAccessibleDescription(/days in America\/Los_Angeles/);

  await kind.selectOption({ label: 'Sign-in' });
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Filter' }).click();
  // The URL keeps the codes.
  await expect(page).toHaveURL(new RegExp(`/audit\\?.*kind=sign-in&.*from=${from}&to=${to}`));

  const rows = page.getByRole('table').locator('tbody').getByRole('row');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
    at: tr.querySelector('time')?.getAttribute('datetime') ?? '',
    exact: tr.querySelector('time')?.getAttribute('title') ?? '',
    kind: tr.querySelectorAll('td')[3]?.textContent ?? '',
    who: tr.querySelectorAll('td')[1]?.textContent ?? '',
  })));
  expect(new Set(shown.map((row) => row.kind))).toEqual(new Set(['Sign-in']));
  await expect(page.getByRole('cell', { name: 'sign-in', exact: true })).toHaveCount(0);
  for (const row of shown) expect(row.exact.slice(0, 10) >= from && row.exact.slice(0, 10) <= to, row.exact).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  const link = page.getByRole('link', { name: 'Download as CSV' });
  await expect(link).toHaveAccessibleDescription(/every entry these filters match, not only this page; safe to open in a spreadsheet/);
  const downloading = page.waitForEvent('download');
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`audit-trail_${from}_to_${to}.csv`);
  const [header, ...entries] = parse(fs.readFileSync(await download.path()), { bom: true }) as string[][];
  expect(header).toEqual([
    'Time (UTC, ISO 8601)', `Time (${TENANT_TIME_ZONE})`, 'Who', 'Name', 'Role', 'From (client address)', 'Kind', 'What', 'Details',
    'Bulk key', 'Reason', 'Label', "Zuora's answer", 'Zuora-Request-Id', 'Zuora-Track-Id',
  ]);
  // Every matching entry: the page's (newest first), then any older pages'; nothing else.
  const hasOlderPages = (await page.getByRole('link', { name: 'Older entries' }).count()) > 0;
  if (hasOlderPages) expect(entries.length).toBeGreaterThan(shown.length);
  else expect(entries).toHaveLength(shown.length);
  expect(entries.slice(0, shown.length).map((entry) => [entry[0], entry[1]])).toEqual(shown.map((row) => [row.at, row.exact]));
  entries.slice(0, shown.length).forEach((entry, i) => expect(shown[i]!.who).toContain(entry[2]!));
  for (const entry of entries) {
    expect(entry[6]).toBe('Sign-in');
    expect(entry[1]!.slice(0, 10) >= from && entry[1]!.slice(0, 10) <= to, entry[1]).toBe(true);
  }

  // The export is in the trail, with what it held.
  await page.goto('/audit?kind=file-download');
  const recorded = page.getByRole('row').filter({ hasText: 'Downloaded the audit trail as CSV' }).first();
  await expect(recorded).toContainText('File download');
  await expect(recorded).toContainText(`Filter: kind Sign-in, from ${from} to ${to} (${TENANT_TIME_ZONE})`);
  await expect(recorded).toContainText('admin@example.com');
});

test('a reversed or malformed range is said in words, from the form and from the URL, and lists nothing', async ({ page, request }) => {
  const [yesterday, today] = [dayInConsoleZone(1), dayInConsoleZone(0)];
  await page.goto('/audit');
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('To', { exact: true }).fill(yesterday);
  await page.getByRole('button', { name: 'Filter' }).press('Enter');
  const problem = page.getByRole('alert').filter({ hasText: 'wrong way round' });
  await expect(problem).toHaveText(`The dates are the wrong way round: “From” (${today}) is after “To” (${yesterday}). Swap them, or change one.`);
  await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('To', { exact: true })).toHaveAccessibleDescription(/wrong way round/);
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByText('Correct the dates above to see the entries.')).toBeVisible();

  const typed = await page.goto('/audit?from=yesterday&kind=sign-in');
  expect(typed?.status()).toBe(200);
  await expect(page.getByRole('alert').filter({ hasText: '“From” must be a date written YYYY-MM-DD' })).toBeVisible();
  await expect(page.getByLabel('Kind')).toHaveValue('sign-in');

  // The export refuses the same way, in the API's error shape.
  const refused = await request.get(`/api/audit/export?from=${today}&to=${yesterday}`);
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toEqual({ code: 'bad_request', message: expect.stringContaining('wrong way round') });

  // A good range with nothing in it: the trail of this run starts today or yesterday.
  await page.goto(`/audit?to=${dayInConsoleZone(3)}`);
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
});

test("shows a registration's label and how it was registered, in words", async ({ page, playwright }) => {
  const bulkKey = await sandbox.startMassAction(20, { pendingMs: 60_000 });
  const operator = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor('operator') });
  expect((await consoleApi(operator).register(bulkKey, 'e2e-audit-label.csv')).status()).toBe(200);
  await operator.dispose();
  await page.goto(`/audit?bulkKey=${bulkKey}&kind=registration`);
  const entry = page.getByRole('table').locator('tbody').getByRole('row').first();
  await expect(entry.getByRole('cell', { name: 'Registration', exact: true })).toBeVisible();
  await expect(entry).toContainText('Label: e2e-audit-label.csv');
  await expect(entry).toContainText('How: pasted into the Register panel');
  await expect(entry).toContainText('Zuora said then: UpdateAccountingCode, Pending');
});
