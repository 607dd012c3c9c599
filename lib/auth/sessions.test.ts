import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import type { RoleMapping } from './role-mapping';
import { pruneLeftovers } from './housekeeping';
import { checkSession, endSession, endSessionsOf, listOpenSessions, openSession, SessionEnded, type SessionRules } from './sessions';

const HOUR = 3_600_000;
const mapping = (operatorGroups: string[], adminEmails: string[] = []): RoleMapping => ({
  claim: 'groups',
  groups: { viewer: ['readers'], operator: operatorGroups, admin: [] },
  emails: { viewer: [], operator: [], admin: adminEmails },
});
const olivia = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator' as const, passwordHash: 'x' };

describeEachDatabase('sessions kept in the database', (open) => {
  let db: Database;
  let rules: SessionRules;
  const at = (hours: number) => new Date(Date.UTC(2026, 11, 1, 9) + hours * HOUR);
  beforeEach(async () => {
    db = await open();
    rules = { maxAgeMs: 8 * HOUR, localAccounts: [olivia], roleMapping: mapping(['billing-ops']) };
  });

  const ended = async (id: string, when: Date) => {
    const error = await checkSession(db, id, rules, when).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionEnded);
    return (error as SessionEnded).reason;
  };

  it('counts the maximum age from the sign-in, however often the session is used', async () => {
    const id = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(0));
    for (let hour = 0; hour < 8; hour += 0.5) expect((await checkSession(db, id, rules, at(hour))).role).toBe('operator');
    expect(await ended(id, at(8))).toBe('reached its maximum age');
    // Ended for good, even if the maximum age were raised afterwards.
    rules = { ...rules, maxAgeMs: 24 * HOUR };
    expect(await ended(id, at(8.1))).toBe('reached its maximum age');
  });

  it('ends on sign-out, and an ended session never comes back', async () => {
    const id = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(0));
    await endSession(db, id, 'signed out', at(1));
    expect(await ended(id, at(1))).toBe('signed out');
    // The cookie replayed later, and a second sign-out (another tab) changing nothing.
    await endSession(db, id, 'signed out again', at(2));
    expect(await ended(id, at(7.9))).toBe('signed out');
    expect(await ended('made-up-id', at(1))).toBe('unknown session');
    expect(await ended(undefined as unknown as string, at(1))).toMatch(/no session id/);
  });

  it('follows the configuration: a removed account loses access, a lowered role applies at once', async () => {
    const id = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(0));
    rules = { ...rules, localAccounts: [{ ...olivia, role: 'viewer' }] };
    expect((await checkSession(db, id, rules, at(1))).role).toBe('viewer');
    rules = { ...rules, localAccounts: [] };
    expect(await ended(id, at(1))).toBe('the local account was removed');
    // Put back, the account still has to sign in again.
    rules = { ...rules, localAccounts: [olivia] };
    expect(await ended(id, at(1))).toBe('the local account was removed');
  });

  it('maps single sign-on groups with the mapping of today, not of the sign-in', async () => {
    const id = await openSession(db, { identity: 'sam@example.com', name: 'Sam', method: 'sso', sso: { email: 'sam@example.com', groups: ['billing-ops'] } }, at(0));
    expect((await checkSession(db, id, rules, at(1))).role).toBe('operator');
    rules = { ...rules, roleMapping: mapping(['someone-else']) };
    expect(await ended(id, at(1))).toBe('the role mapping no longer grants a role');
  });

  it('grants an unverified SSO user nothing through their email', async () => {
    rules = { ...rules, roleMapping: mapping([], ['mallory@example.com']) };
    const unverified = await openSession(db, { identity: 'sso:abc', name: 'Mallory', method: 'sso', sso: { email: null, groups: [] } }, at(0));
    expect(await ended(unverified, at(0))).toBe('the role mapping no longer grants a role');
    const verified = await openSession(db, { identity: 'mallory@example.com', name: 'Mallory', method: 'sso', sso: { email: 'mallory@example.com', groups: [] } }, at(0));
    expect((await checkSession(db, verified, rules, at(0))).role).toBe('admin');
  });

  it('ends every session of one person, and lists who is signed in', async () => {
    const first = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(0));
    const second = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(1));
    const other = await openSession(db, { identity: 'vic@example.com', name: 'Vic', method: 'local' }, at(1));
    rules = { ...rules, localAccounts: [olivia, { ...olivia, email: 'vic@example.com', name: 'Vic', role: 'viewer' }] };
    expect((await listOpenSessions(db, rules.maxAgeMs, at(2))).map((p) => [p.identity, p.sessions])).toEqual([[olivia.email, 2], ['vic@example.com', 1]]);
    expect(await endSessionsOf(db, olivia.email, 'ended by an admin', at(2))).toBe(2);
    expect(await ended(first, at(2))).toBe('ended by an admin');
    expect(await ended(second, at(2))).toBe('ended by an admin');
    expect((await checkSession(db, other, rules, at(2))).identity).toBe('vic@example.com');
    expect((await listOpenSessions(db, rules.maxAgeMs, at(2))).map((p) => p.identity)).toEqual(['vic@example.com']);
  });

  it('lists two people signed in at the same instant in one order', async () => {
    for (const identity of ['zoe@example.com', 'adam@example.com', 'mia@example.com']) await openSession(db, { identity, name: identity, method: 'local' }, at(0));
    expect((await listOpenSessions(db, rules.maxAgeMs, at(1))).map((p) => p.identity)).toEqual(['adam@example.com', 'mia@example.com', 'zoe@example.com']);
  });

  it('prunes sessions past their maximum age, which stay refused', async () => {
    const old = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(0));
    const signedOut = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(1));
    await endSession(db, signedOut, 'signed out', at(1.5));
    const live = await openSession(db, { identity: olivia.email, name: olivia.name, method: 'local' }, at(2));
    const retention = { sessionMaxAgeMs: rules.maxAgeMs, throttleWindowMs: 15 * 60_000 };

    expect(await pruneLeftovers(db, retention, at(8.5).getTime())).toMatchObject({ sessions: 1 });
    expect(await ended(old, at(8.5))).toBe('unknown session');
    // Ended but not yet past its maximum age: kept, so a replay is logged with why it ended.
    expect(await ended(signedOut, at(8.5))).toBe('signed out');
    expect((await checkSession(db, live, rules, at(8.5))).identity).toBe(olivia.email);

    expect(await pruneLeftovers(db, retention, at(10).getTime())).toMatchObject({ sessions: 2 });
    expect(await ended(signedOut, at(10))).toBe('unknown session');
    expect(await ended(live, at(10))).toBe('unknown session');
  });
});
