import 'server-only';
import { createHmac } from 'node:crypto';

// What the sign-in form's name field is kept as. People type passwords into it by mistake, so an
// unknown name is never stored, logged or audited as typed: only as a keyed hash (the console's secret
// is the key, so the hash cannot be tried against a list of passwords by whoever reads it).

/** The throttle's key for a typed name: the same for the same name, whatever its case. */
export function accountKey(typedName: string, secret: string): string {
  return createHmac('sha256', secret).update(typedName.trim().toLowerCase()).digest('hex');
}

/** How the audit trail and the logs name the person who typed it: the account's email, or a short tag. */
export function typedNameForRecords(typedName: string, knownEmail: string | null, secret: string): string {
  if (knownEmail) return knownEmail;
  if (typedName.trim() === '') return '(empty)';
  return `unknown name #${accountKey(typedName, secret).slice(0, 8)}`;
}
