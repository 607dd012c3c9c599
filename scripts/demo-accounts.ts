import { hashPassword } from '../lib/auth/password';
import type { Role } from '../lib/auth/shared/roles';

// Demo only: fixed, printed passwords for a console bound to loopback and a simulated Zuora.
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; password: string }[] = [
  { email: 'operator@example.com', name: 'Olivia Operator', role: 'operator', password: 'demo-operator' },
  { email: 'viewer@example.com', name: 'Victor Viewer', role: 'viewer', password: 'demo-viewer' },
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: 'demo-admin' },
];

export async function demoAccountsConfig(): Promise<string> {
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async ({ password, ...account }) => ({ ...account, passwordHash: await hashPassword(password) })),
  );
  return JSON.stringify(accounts);
}
