import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { SignInThrottle } from './sign-in-throttle';

describe('SignInThrottle', () => {
  let dir: string;
  let db: Database;
  let clock: number;
  const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };
  const throttle = () => new SignInThrottle(db, limits, () => clock);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throttle-'));
    db = await openDatabase(path.join(dir, 'console.sqlite'));
    clock = 1_000_000;
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets at most the limit through however many attempts arrive at once', async () => {
    const verdicts = await Promise.all(Array.from({ length: 60 }, (_, i) => throttle().begin('olivia', `10.0.0.${i}`)));
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(3);
    expect(verdicts.filter((v) => !v.isAllowed && v.refusedBy === 'account')).toHaveLength(57);
  });

  it('limits one address across many account names, at once', async () => {
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => throttle().begin(`guess-${i}`, '10.0.0.7')));
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(5);
    expect(verdicts.filter((v) => !v.isAllowed && v.refusedBy === 'address')).toHaveLength(45);
    expect((await throttle().begin('anyone', '10.0.0.8')).isAllowed).toBe(true);
  });

  it('refuses until the oldest counted attempt leaves the window, and says how long', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await throttle().begin('olivia', `10.0.0.${i}`)).isAllowed).toBe(true);
      clock += 1000;
    }
    expect(await throttle().begin('olivia', '10.9.9.9')).toEqual({ isAllowed: false, refusedBy: 'account', waitMs: 60_000 - 3000 });
    clock += 57_001;
    expect((await throttle().begin('olivia', '10.9.9.9')).isAllowed).toBe(true);
  });

  it('a refused attempt takes no place of its own: waiting out the window always works', async () => {
    for (let i = 0; i < 3; i++) await throttle().begin('olivia', '10.0.0.1');
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      expect((await throttle().begin('olivia', '10.0.0.1')).isAllowed).toBe(false);
    }
    clock += 60_000;
    expect((await throttle().begin('olivia', '10.0.0.1')).isAllowed).toBe(true);
  });

  it('a success gives its place back and forgives the account, not the address', async () => {
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
