import 'server-only';
import { headers } from 'next/headers';
import { appendAuditEvent } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { clientAddress } from './client-address';

/** The address of the request being handled (next-auth runs inside our route handler). */
export async function requestAddress(): Promise<string | null> {
  return clientAddress(await headers(), getConfig().auth.trustedProxyHops);
}

interface SignInRecord {
  email: string;
  name?: string | null;
  role?: string | null;
  address: string | null;
  isSuccess: boolean;
  method?: string;
  reason?: string;
}

export async function recordSignIn(record: SignInRecord): Promise<void> {
  getLogger().info({ auth: { event: record.isSuccess ? 'sign-in' : 'sign-in-failed', email: record.email, address: record.address, reason: record.reason } }, 'sign-in');
  await appendAuditEvent(
    await getDatabase(),
    { email: record.email || '(empty)', name: record.name, role: record.role, clientAddress: record.address },
    record.isSuccess
      ? { kind: 'sign-in', summary: `Signed in with a ${record.method}`, details: { method: record.method } }
      : { kind: 'sign-in-failed', summary: `Sign-in refused: ${record.reason}`, details: { method: record.method ?? 'local account', reason: record.reason } },
  );
}
