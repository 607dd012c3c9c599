import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { SignInThrottle } from './sign-in-throttle';

describe('SignInThrottle', () => {
  let db: Database;
  let clock: number;
  let throttle: SignInThrottle;
  beforeEach(async () => {
    db = await openDatabase(':memory:');
    clock = 1_000_000;
    throttle = new SignInThrottle(db, { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 }, () => clock);
  });
  afterEach(async () => db.destroy());

  it('blocks an account after repeated failures until the window slides past them', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await throttle.waitBeforeAttempt('Olivia@example.com', '10.0.0.1')).toBe(0);
      await throttle.recordFailure('olivia@example.com', `10.0.0.${i}`);
      clock += 1000;
    }
    expect(await throttle.waitBeforeAttempt('olivia@example.com', '10.9.9.9')).toBe(60_000 - 3000);
    clock += 57_001;
    expect(await throttle.waitBeforeAttempt('olivia@example.com', '10.9.9.9')).toBe(0);
  });

  it('blocks an address trying many accounts, whether they exist or not', async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure(`guess-${i}@example.com`, '10.0.0.7');
    expect(await throttle.waitBeforeAttempt('anyone@example.com', '10.0.0.7')).toBeGreaterThan(0);
    expect(await throttle.waitBeforeAttempt('anyone@example.com', '10.0.0.8')).toBe(0);
  });

  it('forgives the account after a successful sign-in', async () => {
    for (let i = 0; i < 2; i++) await throttle.recordFailure('olivia@example.com', null);
    await throttle.recordSuccess('olivia@example.com');
    await throttle.recordFailure('olivia@example.com', null);
    expect(await throttle.waitBeforeAttempt('olivia@example.com', null)).toBe(0);
  });
});
