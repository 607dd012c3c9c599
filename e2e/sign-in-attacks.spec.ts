import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { demoAccount, expect, test } from './fixtures';
import { anonymous, csrfTokenOf, signInOverHttp, startOwnConsole, type OwnConsole } from './own-console';

// Guessing, as an attacker would: at once, under forged headers. Against a console of its own, so the
// throttle it fills does not lock the other specs out.
let own: OwnConsole;
test.beforeAll(async () => {
  own = await startOwnConsole(3131, { SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '5', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '12', SIGN_IN_THROTTLE_MINUTES: '15' });
});
test.afterAll(async () => own.stop());

const auditRows = () => {
  const db = new Sqlite(path.join(own.dataDir, 'console.sqlite'), { readonly: true });
  try {
    return db.prepare("select actor_email, client_address, summary, kind from audit_events where kind like 'sign-in%'").all() as { actor_email: string; client_address: string; summary: string; kind: string }[];
  } finally {
    db.close();
  }
};

test.describe.configure({ mode: 'serial' });

test('a burst of 60 guesses at once is checked at most 5 times, and the right password after them is refused too', async () => {
  const operator = demoAccount('operator');
  const context = await anonymous(own.url);
  const csrf = await csrfTokenOf(context);
  const errors = await Promise.all(Array.from({ length: 60 }, () => signInOverHttp(context, operator.email, 'wrong password', csrf)));
  // Checked and wrong: next-auth's code. Refused unchecked: the throttle's words.
  expect(errors.filter((e) => e === 'CredentialsSignin')).toHaveLength(5);
  expect(errors.filter((e) => e?.startsWith('Too many failed sign-ins'))).toHaveLength(55);
  expect(await signInOverHttp(context, operator.email, operator.password, csrf)).toMatch(/^Too many failed sign-ins/);
  // 60 attempts, one audit entry, with the count kept beside it.
  const rows = auditRows().filter((r) => r.actor_email === operator.email);
  expect(rows).toHaveLength(1);
  await context.dispose();
});

test('the client address is the connection, whatever X-Forwarded-For says: rotating it does not escape the limit', async () => {
  const context = await anonymous(own.url);
  const csrf = await csrfTokenOf(context);
  const forged = ['6.6.6.1', ',', '', '6.6.6.2, 6.6.6.3', '10.0.0.1', 'unknown'];
  const errors = await Promise.all(Array.from({ length: 30 }, (_, i) =>
    context.post('/api/auth/callback/local', {
      headers: { 'x-forwarded-for': forged[i % forged.length]!, 'x-real-ip': `7.7.7.${i}`, 'x-console-peer-address': `8.8.8.${i}` },
      form: { csrfToken: csrf, email: `guess-${i}@example.com`, password: 'guess', json: 'true' },
    }).then(async (r) => new URL(((await r.json()) as { url: string }).url).searchParams.get('error')),
  ));
  // 12 per address (this console's limit), less what the first test already spent from 127.0.0.1.
  expect(errors.filter((e) => e === 'CredentialsSignin').length).toBeLessThanOrEqual(12);
  expect(errors.filter((e) => e?.startsWith('Too many failed sign-ins')).length).toBeGreaterThanOrEqual(18);
  expect(new Set(auditRows().map((r) => r.client_address))).toEqual(new Set(['127.0.0.1']));
  await context.dispose();
});

test('a password typed as the account name is never written down: audit and logs name it by a short tag', async () => {
  const context = await anonymous(own.url);
  await signInOverHttp(context, 'Tr0ub4dor&3-typed-as-name', 'whatever');
  const rows = auditRows();
  expect(JSON.stringify(rows)).not.toContain('Tr0ub4dor');
  expect(rows.some((r) => /^unknown name #[0-9a-f]{8}$/.test(r.actor_email))).toBe(true);
  expect(own.stdout().join('\n').toLowerCase()).not.toContain('tr0ub4dor');
  await context.dispose();
});

test('sign-in shows only the console\'s own words, and a right password lands on the callback path', async ({ browser }) => {
  // The shared console: its own throttle is untouched by the bursts above.
  const page = await browser.newPage();
  await page.goto('/sign-in?error=Your%20account%20is%20locked.%20Call%20%2B1-555-0100%20to%20unlock%20it.&callbackUrl=%2Fmass-actions%3Ftab%3Dall%26error%3DGotcha%2520now');
  await expect(page.getByRole('heading', { name: 'Sign in to the Mass Action Console' })).toBeVisible();
  await expect(page.getByText(/account is locked|Call \+1/)).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  const viewer = demoAccount('viewer');
  await page.getByLabel('Email').fill(viewer.email);
  await page.getByLabel('Password').fill(viewer.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/mass-actions\?tab=all&error=Gotcha%20now$/);
  await expect(page.getByText('Gotcha')).toHaveCount(0);
  await page.close();
});
