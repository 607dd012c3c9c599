import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import type { ConsoleSessionsTable } from '../db/schema';
import type { LocalAccount } from './local-accounts';
import type { OpenSessionSummary } from './shared/open-sessions';
import { roleForProfile, type RoleMapping } from './role-mapping';
import type { Role } from './shared/roles';

// A session lives in the database; the cookie (next-auth's signed, encrypted JWT) only carries its
// id. Every request checks the row: ended sessions stay ended, the maximum age counts from the sign-in,
// and the role is worked out again from today's configuration, so a removed account, a lowered role or
// a changed role mapping takes effect on the next request.

export interface SessionOwner {
  identity: string;
  name: string;
  method: 'local' | 'sso';
  /** SSO: the email the provider vouched for (null when unverified) and the user's groups. */
  sso?: { email: string | null; groups: string[] };
}

export interface LiveSession {
  identity: string;
  name: string;
  role: Role;
}

/** What the sessions are checked against: the configuration as it is now. */
export interface SessionRules {
  maxAgeMs: number;
  localAccounts: LocalAccount[];
  roleMapping: RoleMapping;
}

export class SessionEnded extends Error {
  constructor(readonly reason: string) {
    super(`session ended: ${reason}`);
  }
}

export async function openSession(db: Database, owner: SessionOwner, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.insertInto('console_sessions').values({
    id, identity: owner.identity, name: owner.name, method: owner.method,
    sso_email: owner.sso?.email ?? null, sso_groups: owner.sso ? JSON.stringify(owner.sso.groups) : null,
    created_at: now.toISOString(), ended_at: null, ended_reason: null,
  }).execute();
  return id;
}

/** The session's owner and role now; throws SessionEnded (and records why) when it may no longer be used. */
export async function checkSession(db: Database, id: unknown, rules: SessionRules, now = new Date()): Promise<LiveSession> {
  if (typeof id !== 'string' || id === '') throw new SessionEnded('no session id (signed in before sessions were kept)');
  const row = await db.selectFrom('console_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new SessionEnded('unknown session');
  if (row.ended_at) throw new SessionEnded(row.ended_reason ?? 'ended');
  const ending = whyItEnds(row, rules, now);
  if (typeof ending === 'string') {
    await endSession(db, id, ending, now);
    throw new SessionEnded(ending);
  }
  return ending;
}

function whyItEnds(row: ConsoleSessionsTable, rules: SessionRules, now: Date): LiveSession | string {
  if (Date.parse(row.created_at) + rules.maxAgeMs <= now.getTime()) return 'reached its maximum age';
  if (row.method === 'local') {
    const account = rules.localAccounts.find((a) => a.email === row.identity);
    return account ? { identity: row.identity, name: account.name, role: account.role } : 'the local account was removed';
  }
  const groups = JSON.parse(row.sso_groups ?? '[]') as string[];
  const role = roleForProfile({ email: row.sso_email ?? undefined, [rules.roleMapping.claim]: groups }, rules.roleMapping);
  return role ? { identity: row.identity, name: row.name, role } : 'the role mapping no longer grants a role';
}

export async function endSession(db: Database, id: string, reason: string, now = new Date()): Promise<void> {
  await db.updateTable('console_sessions').set({ ended_at: now.toISOString(), ended_reason: reason }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

/** Ends every open session of `identity`; answers how many were open. */
export async function endSessionsOf(db: Database, identity: string, reason: string, now = new Date()): Promise<number> {
  const result = await db.updateTable('console_sessions').set({ ended_at: now.toISOString(), ended_reason: reason })
    .where('identity', '=', identity).where('ended_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The people with open sessions (not yet ended nor past the maximum age), most recent sign-in first. */
export async function listOpenSessions(db: Database, maxAgeMs: number, now = new Date()): Promise<OpenSessionSummary[]> {
  const rows = await db.selectFrom('console_sessions')
    .select((eb) => ['identity', eb.fn.max('name').as('name'), eb.fn.max('method').as('method'), eb.fn.countAll<number>().as('sessions'), eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('ended_at', 'is', null).where('created_at', '>', new Date(now.getTime() - maxAgeMs).toISOString())
    // Two people signed in at the same millisecond: by name of identity, not in whatever order the grouping left them.
    .groupBy('identity').orderBy('last', 'desc').orderBy('identity').execute();
  return rows.map((r) => ({ identity: r.identity, name: String(r.name), method: r.method as 'local' | 'sso', sessions: Number(r.sessions), firstSignedInAt: String(r.first), lastSignedInAt: String(r.last) }));
}
