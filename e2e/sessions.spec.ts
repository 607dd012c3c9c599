import { request as playwrightRequest } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../scripts/demo-accounts';
import { hashPassword } from '../lib/auth/password';
import { demoAccount, expect, test } from './fixtures';
import { anonymous, csrfTokenOf, sessionCookieOf, signInOverHttp, startOwnConsole, type OwnConsole } from './own-console';

// Tokens after their time, replayed from a context that kept a copy of the cookie.
let own: OwnConsole;
test.beforeAll(async () => {
  own = await startOwnConsole(3132);
});
test.afterAll(async () => own.stop());
test.describe.configure({ mode: 'serial' });

/** Replays a session cookie from a clean context, as a thief who copied it would. */
async function replay(cookie: string, path = '/api/mass-actions?tab=all'): Promise<number> {
  const thief = await playwrightRequest.newContext({ baseURL: own.url, extraHTTPHeaders: { cookie, origin: own.url } });
  const response = await thief.get(path);
  const status = response.status();
  await thief.dispose();
  return status;
}

async function signedIn(role: 'operator' | 'viewer' | 'admin') {
  const context = await anonymous(own.url);
  const account = demoAccount(role);
  expect(await signInOverHttp(context, account.email, account.password)).toBeNull();
  return { context, cookie: await sessionCookieOf(context) };
}

const accountsWith = async (changes: Partial<Record<string, 'viewer' | 'operator' | 'admin' | null>>) =>
  JSON.stringify(await Promise.all(DEMO_ACCOUNTS.filter((a) => changes[a.email] !== null).map(async ({ password, ...a }) => ({ ...a, role: changes[a.email] ?? a.role, passwordHash: await hashPassword(password) }))));

test('a token replayed after sign-out is refused', async () => {
  const { context, cookie } = await signedIn('operator');
  expect(await replay(cookie)).toBe(200);
  await context.post('/api/auth/signout', { form: { csrfToken: await csrfTokenOf(context), json: 'true' } });
  expect(await replay(cookie)).toBe(401);
  expect(await (await fetch(`${own.url}/api/auth/session`, { headers: { cookie } })).json()).toEqual({});
  await context.dispose();
});

test('a removed account loses access on its next request, a demoted one its role, even after the console restarts', async () => {
  const operator = await signedIn('operator');
  const viewer = await signedIn('viewer');
  const stopAsOperator = async (cookie: string) => {
    const context = await playwrightRequest.newContext({ baseURL: own.url, extraHTTPHeaders: { cookie, origin: own.url } });
    const status = (await context.post(`/api/mass-actions/${'a'.repeat(32)}/stop`, { data: {} })).status();
    await context.dispose();
    return status;
  };
  expect(await stopAsOperator(operator.cookie)).not.toBe(403);
  await own.restart({ CONSOLE_LOCAL_ACCOUNTS: await accountsWith({ 'operator@example.com': 'viewer', 'viewer@example.com': null }) });
  expect(await stopAsOperator(operator.cookie)).toBe(403);
  expect(await replay(operator.cookie)).toBe(200);
  expect(await replay(viewer.cookie)).toBe(401);
  // Putting the account back does not bring the ended session back.
  await own.restart({ CONSOLE_LOCAL_ACCOUNTS: await accountsWith({}) });
  expect(await replay(viewer.cookie)).toBe(401);
  await Promise.all([operator.context.dispose(), viewer.context.dispose()]);
});

test('the maximum age counts from the sign-in: a session kept busy still ends on time', async () => {
  await own.restart({ SESSION_MAX_AGE_HOURS: String(6 / 3600) });
  const { context, cookie } = await signedIn('viewer');
  const signedInAt = Date.now();
  // Busy: every call to /api/auth/session re-issues the cookie with a fresh expiry.
  while (Date.now() - signedInAt < 4500) {
    expect((await context.get('/api/mass-actions?tab=all')).status()).toBe(200);
    await context.get('/api/auth/session');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 6500 - (Date.now() - signedInAt))));
  expect((await context.get('/api/mass-actions?tab=all')).status()).toBe(401);
  expect(await replay(cookie)).toBe(401);
  await context.dispose();
  await own.restart();
});

test('an admin ends all sessions of a user from the sessions page, and it is audited', async ({ browser }) => {
  const first = await signedIn('operator');
  const second = await signedIn('operator');
  const admin = await signedIn('admin');
  const people = ((await (await admin.context.get('/api/sessions')).json()) as { people: { identity: string; sessions: number }[] }).people;
  const open = people.find((p) => p.identity === 'operator@example.com')?.sessions ?? 0;
  expect(open).toBeGreaterThanOrEqual(2);
  const page = await (await browser.newContext({ baseURL: own.url, storageState: await admin.context.storageState() })).newPage();
  await page.goto('/sessions');
  const row = page.getByRole('row').filter({ hasText: 'operator@example.com' });
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(open));
  await row.getByRole('button', { name: 'End all sessions' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: `End ${open} sessions` }).click();
  await expect(page.getByRole('status')).toHaveText(`Ended ${open} sessions of Olivia Operator.`);
  await expect(page.getByRole('row').filter({ hasText: 'operator@example.com' })).toHaveCount(0);
  expect([await replay(first.cookie), await replay(second.cookie), await replay(admin.cookie)]).toEqual([401, 401, 200]);
  await page.goto('/audit?kind=sessions-ended');
  await expect(page.getByRole('cell', { name: `Ended ${open} sessions of operator@example.com` })).toBeVisible();
  await page.context().close();
  await Promise.all([first.context.dispose(), second.context.dispose(), admin.context.dispose()]);
});
