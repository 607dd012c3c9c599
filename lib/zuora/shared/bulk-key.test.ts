import { describe, expect, it } from 'vitest';
import { explainBadBulkKey, isBulkKey } from './bulk-key';

describe('bulk keys', () => {
  it('accepts 32 letters or digits', () => {
    expect(isBulkKey('a'.repeat(16) + '0123456789ABCDEF')).toBe(true);
    expect(explainBadBulkKey('2c92c0f9'.repeat(4))).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['../'.repeat(11) + 'ab', /other characters/],
    ['%2F'.repeat(10) + 'ab', /other characters/],
    ['é'.repeat(32), /non-ASCII/],
    ['abc def'.padEnd(32, 'x'), /spaces/],
    ['a'.repeat(31), /32 characters long; this one has 31/],
    ['a'.repeat(33), /this one has 33/],
  ])('refuses %j with a reason', (candidate, reason) => {
    expect(isBulkKey(candidate)).toBe(false);
    expect(explainBadBulkKey(candidate)).toMatch(reason);
  });
});
