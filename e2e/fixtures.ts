import { test as base, expect } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../scripts/demo-accounts';
import { E2E_SANDBOX_URL } from './stack';

export { expect };

/** The sandbox's own controls (faults, call counts): for tests only, never used by the console. */
export const sandbox = {
  async setFaults(faults: Record<string, unknown>) {
    const response = await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    if (!response.ok) throw new Error(`sandbox refused faults: ${response.status} ${await response.text()}`);
  },
  async clearFaults() {
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/faults`, { method: 'DELETE' });
  },
  async stats(): Promise<{ tokenRequests: number; calls: Record<string, number> }> {
    return (await fetch(`${E2E_SANDBOX_URL}/__sandbox/stats`)).json();
  },
};

export function demoAccount(role: 'operator' | 'viewer' | 'admin') {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
}

export const test = base;
