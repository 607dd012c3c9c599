import { demoAccount, expect, sandbox, test } from './fixtures';
import { E2E_CONSOLE_URL, storageStateFor } from './stack';

async function signInWithSso(page: import('@playwright/test').Page, login: string) {
  await page.getByRole('button', { name: 'Sign in with Example SSO' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.describe('single sign-on through a real OpenID Connect provider', () => {
  test('maps a member of the operators group to operator', async ({ page }) => {
    await page.goto('/mass-actions?tab=all');
    await signInWithSso(page, 'sso-operator');
    await expect(page).toHaveURL(`${E2E_CONSOLE_URL}/mass-actions?tab=all`);
    await expect(page.getByText('Sam Operator')).toBeVisible();
    await expect(page.getByText('(operator)')).toBeVisible();
  });

  test('maps a member of the viewers group to viewer, who cannot stop', async ({ page }) => {
    await page.goto('/sign-in');
    await signInWithSso(page, 'sso-viewer');
    await expect(page.getByText('(viewer)')).toBeVisible();
    await page.goto('/mass-actions');
    const stop = page.getByRole('button', { name: 'Stop', exact: true }).first();
    await expect(stop).toBeDisabled();
    await expect(stop).toHaveAccessibleDescription(/Only operators can stop/);
  });

  test('an email the provider marks unverified grants no role, even one listed in ADMIN_EMAILS, and names no one', async ({ page, browser }) => {
    await page.goto('/sign-in');
    await signInWithSso(page, 'sso-impostor');
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/not in a group allowed to use the console/);
    // Groups still count: the unverified operator signs in as operator, under the provider's subject.
    const fresh = await browser.newContext();
    const second = await fresh.newPage();
    await second.goto('/sign-in');
    await signInWithSso(second, 'sso-unverified-operator');
    await expect(second.getByText('(operator)')).toBeVisible();
    await fresh.close();
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto('/audit?kind=sign-in');
    await expect(audit.getByRole('cell', { name: /sso:sso-unverified-operator/ }).first()).toBeVisible();
    await audit.goto('/audit?actor=sso-admin%40example.com');
    await expect(audit.getByText('No entries match these filters.')).toBeVisible();
    await admin.close();
  });

  test('refuses a user in no mapped group, saying why', async ({ page }) => {
    await page.goto('/sign-in');
    await signInWithSso(page, 'sso-stranger');
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(/not in a group allowed to use the console/);
    await page.goto('/mass-actions');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test('robots.txt, served from public/ without signing in, keeps search engines out', async ({ request }) => {
  const response = await request.get('/robots.txt', { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(await response.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
});

test('the page names a calm sandbox icon, served from public/ without signing in, and /favicon.ico answers too', async ({ page, request }) => {
  await page.goto('/sign-in');
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute('href', /^\/icons\/sandbox\.svg/);
  const href = (await icon.getAttribute('href'))!;
  for (const path of [href, '/favicon.ico']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
  }
  expect(await (await request.get(href)).text()).toContain('fill="#0f766e"');
});

test('the session cookie is httpOnly and SameSite=Lax, and the sign-in page names the environment', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('note', { name: 'Zuora environment' })).toContainText('Sandbox');
  const account = demoAccount('viewer');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mass actions' })).toBeVisible();
  const session = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('a deep link with a query string survives signing in', async ({ page }) => {
  const deepLink = '/mass-actions?tab=all&q=fx-rates&sort=label&dir=asc';
  await page.goto(deepLink);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  const account = demoAccount('operator');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${E2E_CONSOLE_URL}${deepLink}`);
  await expect(page.getByRole('searchbox')).toHaveValue('fx-rates');
});

test('repeated wrong passwords are throttled with the same words for existing and unknown accounts', async ({ page }) => {
  const messages: string[] = [];
  for (const email of ['admin@example.com', 'ghost@example.com']) {
    await page.goto('/sign-in');
    for (let attempt = 0; attempt < 4; attempt++) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('main').getByRole('alert')).toHaveText('Sign-in failed. Check your email and password.');
    }
    // Even the right password is refused while throttled.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoAccount('admin').password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = page.getByRole('main').getByRole('alert');
    await expect(alert).toHaveText(/^Too many failed sign-ins\. Try again in \d+ minute/);
    messages.push((await alert.textContent()) ?? '');
  }
  expect(messages[0]).toBe(messages[1]);
});

test.describe('as an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('a cross-origin POST is refused and changes nothing', async ({ request }) => {
    const bulkKey = await sandbox.startMassAction(50, { pendingMs: 60_000 });
    const crossOrigin = await request.post('/api/mass-actions', { headers: { origin: 'https://evil.example' }, data: { keys: bulkKey } });
    expect(crossOrigin.status()).toBe(403);
    expect((await crossOrigin.json()).error.code).toBe('cross_origin');
    const crossSite = await request.post('/api/mass-actions', { headers: { origin: E2E_CONSOLE_URL, 'sec-fetch-site': 'cross-site' }, data: { keys: bulkKey } });
    expect(crossSite.status()).toBe(403);
    const list = await request.get(`/api/mass-actions?tab=all&q=${bulkKey}`);
    expect((await list.json()).items).toEqual([]);
  });

  test('pages run under a strict Content-Security-Policy and the security headers', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/mass-actions');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // Hydrated (React ran under the policy): the tabs respond.
    await page.getByRole('button', { name: /^All/ }).click();
    await expect(page).toHaveURL(/tab=all/);
    expect(violations).toEqual([]);
  });

  test('an operator cannot open the audit trail', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('reads the audit trail, filtered through the URL', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
    await page.getByLabel('Kind').selectOption('sign-in');
    await page.getByLabel('Person (email)').fill('viewer@');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/\/audit\?actor=viewer%40&kind=sign-in/);
    const rows = page.getByRole('row');
    await expect(rows.filter({ hasText: 'Signed in with a local account' }).filter({ hasText: 'viewer@example.com' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'operator@example.com' })).toHaveCount(0);
    await expect(rows.filter({ hasText: 'Sign-in refused' })).toHaveCount(0);
  });
});
