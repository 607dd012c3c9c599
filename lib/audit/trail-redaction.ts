import 'server-only';
import { hasRole, type Role } from '../auth/shared/roles';
import { STOP_DETAIL_KEYS } from './shared/stop-details';
import type { AuditEvent, TrailEvent } from './shared/types';

/**
 * A job's trail as `role` may receive it. Client addresses and the rest of the details (counts,
 * how a key was registered, file names, refusal internals) are for admins, as on /audit; everyone
 * else gets what the job page shows: who, when, the summary, Zuora's ids, and a stop's reason,
 * label and Zuora's answer. Done here, so the browser never holds what it must not show.
 */
export function redactTrailFor(role: Role, events: AuditEvent[]): TrailEvent[] {
  if (hasRole(role, 'admin')) return events;
  return events.map(({ clientAddress: _clientAddress, details, ...event }) => ({
    ...event,
    details: event.kind === 'stop-request' && details ? pick(details, STOP_DETAIL_KEYS) : null,
  }));
}

function pick(details: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in details).map((key) => [key, details[key]]));
}
