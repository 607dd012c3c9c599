import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { tryCountUse } from '../db/usage-counters';
import { describeEachDatabase } from '../testing/test-databases';
import { pruneLeftovers, pruneNowAndThen } from './housekeeping';
import { SignInThrottle } from './sign-in-throttle';

const MINUTE = 60_000;
const retention = { sessionMaxAgeMs: 8 * 60 * MINUTE, throttleWindowMs: 15 * MINUTE };
const NOON = Date.UTC(2026, 11, 1, 12);
// The ten-minute pace is the process's, shared by both runs of the suite: each test starts a day later.
let later = NOON + 365 * 24 * 60 * MINUTE;

describeEachDatabase('pruning what sign-ins and lookups leave behind', (open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  const count = async (table: 'sign_in_failures' | 'usage_counters' | 'console_sessions') =>
    (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('removes failed sign-ins past the window and counters a day old, and nothing that still counts', async () => {
    const limits = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMs: retention.throttleWindowMs };
    for (const at of [NOON - 20 * MINUTE, NOON - 16 * MINUTE, NOON - 5 * MINUTE]) await new SignInThrottle(db, limits, () => at).begin('olivia', '10.0.0.1');
    await tryCountUse(db, 'lookups:preview:vic', 30, 5 * MINUTE, NOON - 25 * 60 * MINUTE);
    await tryCountUse(db, 'lookups:preview:vic', 30, 5 * MINUTE, NOON - MINUTE);
    // The throttle forgets its own old rows as it goes (here, the first attempt's): pruning catches the rest.
    expect(await count('sign_in_failures')).toBe(4);

    expect(await pruneLeftovers(db, retention, NOON)).toEqual({ sessions: 0, failures: 2 });
    expect(await count('sign_in_failures')).toBe(2);
    expect(await count('usage_counters')).toBe(1);
    // What is left is what the throttle still counts.
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => new SignInThrottle(db, limits, () => NOON).begin('olivia', '10.0.0.2')));
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(4);
  });

  it('runs at most every ten minutes per process, and a failure only reaches onError', async () => {
    const failures: unknown[] = [];
    const onError = (error: unknown) => failures.push(error);
    const start = (later += 24 * 60 * MINUTE);
    await db.insertInto('sign_in_failures').values([{ subject: 's', at_ms: 0, attempt_id: null }]).execute();
    await pruneNowAndThen(db, retention, onError, start);
    expect(await count('sign_in_failures')).toBe(0);
    await db.insertInto('sign_in_failures').values([{ subject: 's', at_ms: 0, attempt_id: null }]).execute();
    await pruneNowAndThen(db, retention, onError, start + 9 * MINUTE);
    expect(await count('sign_in_failures')).toBe(1);
    await db.destroy();
    await pruneNowAndThen(db, retention, onError, start + 10 * MINUTE);
    expect(failures).toHaveLength(1);
  });
});
