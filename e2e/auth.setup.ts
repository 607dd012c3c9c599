import { test as setup } from '@playwright/test';
import { demoAccount, expect } from './fixtures';
import { storageStateFor } from './stack';

// Sign in once per role through the real sign-in page; specs reuse the saved sessions.
for (const role of ['operator', 'viewer', 'admin'] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const account = demoAccount(role);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Mass actions' })).toBeVisible();
    await expect(page.getByText(`(${role})`)).toBeVisible();
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
