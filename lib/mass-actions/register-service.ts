import 'server-only';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import { getDatabase, type Database } from '../db/database';
import { explainBadBulkKey } from '../zuora/shared/bulk-key';
import { ZuoraError } from '../zuora/errors';
import { findMassAction, recordRefresh, registerMassAction } from './registry';
import type { RegistrationOutcome } from './shared/registration-types';
import type { RegisteredVia } from './shared/types';
import { getMassActionLookups, REGISTRATION_BUDGET, type MassActionLookups } from './zuora-lookups';

export const MAX_KEYS_PER_REGISTRATION = 200;

/** One or many keys, one per line or separated by commas, semicolons or spaces; duplicates once. */
export function splitBulkKeys(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((k) => k.trim()).filter(Boolean))];
}

/**
 * Registers each key that Zuora knows; reports every key on its own, so good keys are registered
 * even when others are malformed or unknown.
 */
export async function registerBulkKeys(
  keys: string[], label: string | null, actor: Actor, via: RegisteredVia,
  { db, lookups = getMassActionLookups() }: { db?: Database; lookups?: MassActionLookups } = {},
): Promise<RegistrationOutcome[]> {
  db ??= await getDatabase();
  const isWellFormed = (key: string) => explainBadBulkKey(key) === null;
  const known = new Set((await Promise.all(keys.filter(isWellFormed).map(async (key) => ((await findMassAction(db, key)) ? key : null)))).filter((k) => k !== null));
  // The whole registration is paid for up front, or refused with nothing done.
  await lookups.charge(db, actor.email, REGISTRATION_BUDGET, keys.filter((key) => isWellFormed(key) && !known.has(key) && lookups.needsCall(key)).length);
  return Promise.all(keys.map(async (input): Promise<RegistrationOutcome> => {
    const problem = explainBadBulkKey(input);
    if (problem) return { input, result: 'malformed', message: problem };
    if (known.has(input)) return { input, result: 'already_known', message: 'Already registered.' };
    try {
      const { state, meta } = await lookups.lookUp(input);
      const result = await registerMassAction(db, { bulkKey: input, label, registeredBy: actor.email, via });
      if (result === 'already_known') return { input, result, message: 'Already registered.' };
      await recordRefresh(db, input, state, new Date());
      await appendAuditEvent(db, actor, {
        kind: 'registration', bulkKey: input, zuora: meta,
        summary: via === 'link' ? 'Registered from a link to it' : `Registered${label ? ` as “${label}”` : ''}`,
        details: { label, via, status: state.status, actionType: state.actionType },
      });
      return { input, result: 'registered', message: `Registered: ${state.actionType}, ${state.status}.` };
    } catch (error) {
      if (error instanceof ZuoraError && error.status === 404) return { input, result: 'unknown_to_zuora', message: 'Zuora does not know this bulk key.' };
      const reason = error instanceof ZuoraError ? error.message : 'internal error';
      return { input, result: 'not_checked', message: `Not registered: Zuora could not be asked (${reason}). Try again.` };
    }
  }));
}
