import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase, testDatabaseOpener } from '../testing/test-databases';
import { openDatabase, type Database } from '../db/database';
import { SignInThrottle } from './sign-in-throttle';

const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };

// Every connection of the pool open before a burst, so the attempts really overlap in the database
// (a cold pool connects one at a time and lets the first attempts finish before the others begin).
const warm = (db: Database) => Promise.all(Array.from({ length: 10 }, () => sql`select 1`.execute(db)));

describeEachDatabase('SignInThrottle', (open) => {
  let clock = 1_000_000;
  const throttleOn = (db: Database) => new SignInThrottle(db, limits, () => clock);
  const opened = async () => {
    clock = 1_000_000;
    const db = await open();
    await warm(db);
    return () => throttleOn(db);
  };

  it('lets at most the limit through however many attempts arrive at once', async () => {
    const throttle = await opened();
    const verdicts = await Promise.all(Array.from({ length: 60 }, (_, i) => throttle().begin('olivia', `10.0.0.${i}`)));
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(3);
    expect(verdicts.filter((v) => !v.isAllowed && v.refusedBy === 'account')).toHaveLength(57);
  });

  it('limits one address across many account names, at once', async () => {
    const throttle = await opened();
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => throttle().begin(`guess-${i}`, '10.0.0.7')));
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(5);
    expect(verdicts.filter((v) => !v.isAllowed && v.refusedBy === 'address')).toHaveLength(45);
    expect((await throttle().begin('anyone', '10.0.0.8')).isAllowed).toBe(true);
  });

  it('refuses until the oldest counted attempt leaves the window, and says how long', async () => {
    const throttle = await opened();
    for (let i = 0; i < 3; i++) {
      expect((await throttle().begin('olivia', `10.0.0.${i}`)).isAllowed).toBe(true);
      clock += 1000;
    }
    expect(await throttle().begin('olivia', '10.9.9.9')).toEqual({ isAllowed: false, refusedBy: 'account', waitMs: 60_000 - 3000 });
    clock += 57_001;
    expect((await throttle().begin('olivia', '10.9.9.9')).isAllowed).toBe(true);
  });

  it('a refused attempt takes no place of its own: waiting out the window always works', async () => {
    const throttle = await opened();
    for (let i = 0; i < 3; i++) await throttle().begin('olivia', '10.0.0.1');
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      expect((await throttle().begin('olivia', '10.0.0.1')).isAllowed).toBe(false);
    }
    clock += 60_000;
    expect((await throttle().begin('olivia', '10.0.0.1')).isAllowed).toBe(true);
  });

  it('a success gives its place back and forgives the account, not the address', async () => {
    const throttle = await opened();
    for (let i = 0; i < 2; i++) await throttle().begin('olivia', '10.0.0.1');
    const right = await throttle().begin('olivia', '10.0.0.1');
    if (!right.isAllowed) throw new Error('the third attempt should have been allowed');
    await throttle().succeed(right.attemptId, 'olivia');
    for (let i = 0; i < 3; i++) expect((await throttle().begin('olivia', '10.0.0.2')).isAllowed).toBe(true);
    // The address kept its two failures: 2 + 3 = 5, its limit.
    expect(await throttle().begin('someone', '10.0.0.1')).toMatchObject({ isAllowed: true });
    expect(await throttle().begin('someone-else', '10.0.0.1')).toMatchObject({ isAllowed: true });
    expect(await throttle().begin('a-third', '10.0.0.1')).toMatchObject({ isAllowed: true });
    expect(await throttle().begin('a-fourth', '10.0.0.1')).toMatchObject({ isAllowed: false, refusedBy: 'address' });
  });
});

describe('SignInThrottle across console instances on one PostgreSQL', () => {
  const opener = testDatabaseOpener('postgres');
  const instances: Database[] = [];
  afterEach(async () => {
    for (const db of instances.splice(0)) await db.destroy();
    await opener.cleanup();
  });

  /** Two handles with a pool each: two console processes, as far as the database can tell. */
  async function twoInstances(): Promise<[Database, Database]> {
    const location = await opener.location();
    for (let i = 0; i < 2; i++) instances.push(await openDatabase(location));
    await Promise.all(instances.map(warm));
    return [instances[0]!, instances[1]!];
  }

  it('admits the limit in total, not per instance, when both are hammered at once', async () => {
    const [a, b] = await twoInstances();
    const at = () => 1_000_000;
    const begin = (i: number, account: string, address: string) => new SignInThrottle(i % 2 ? a : b, limits, at).begin(account, address);
    const byAccount = await Promise.all(Array.from({ length: 60 }, (_, i) => begin(i, 'olivia', `10.0.0.${i}`)));
    expect(byAccount.filter((v) => v.isAllowed)).toHaveLength(limits.maxFailuresPerAccount);
    const byAddress = await Promise.all(Array.from({ length: 60 }, (_, i) => begin(i, `guess-${i}`, '10.0.9.9')));
    expect(byAddress.filter((v) => v.isAllowed)).toHaveLength(limits.maxFailuresPerAddress);
    const counted = await a.selectFrom('sign_in_failures').select(['subject', (eb) => eb.fn.countAll<number>().as('n')])
      .where('subject', 'in', ['account:olivia', 'address:10.0.9.9']).groupBy('subject').orderBy('subject').execute();
    expect(counted).toEqual([{ subject: 'account:olivia', n: 3 }, { subject: 'address:10.0.9.9', n: 5 }]);
  });
});
