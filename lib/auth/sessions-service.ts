import 'server-only';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { endSessionsOf, listOpenSessions } from './sessions';
import type { OpenSessionSummary } from './shared/open-sessions';

export async function getOpenSessions(): Promise<OpenSessionSummary[]> {
  return listOpenSessions(await getDatabase(), getConfig().auth.sessionMaxAgeSeconds * 1000);
}

/** An admin ends every session of one person: each of their browsers must sign in again. Audited. */
export async function endAllSessionsOf(identity: string, admin: Actor): Promise<{ ended: number }> {
  const db = await getDatabase();
  const ended = await endSessionsOf(db, identity, `ended by an admin (${admin.email})`);
  await appendAuditEvent(db, admin, {
    kind: 'sessions-ended',
    summary: `Ended ${ended === 1 ? '1 session' : `${ended} sessions`} of ${identity}`,
    details: { identity, ended },
  });
  return { ended };
}
