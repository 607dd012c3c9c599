import { describe, expect, it } from 'vitest';
import { formatCountOf } from './format';

describe('formatCountOf', () => {
  it('says "1 row" for exactly one, and the plural for none or many, with thousands separators', () => {
    expect(formatCountOf(1, 'row')).toBe('1 row');
    expect(formatCountOf(0, 'row')).toBe('0 rows');
    expect(formatCountOf(2, 'row')).toBe('2 rows');
    expect(formatCountOf(15_000, 'row')).toBe('15,000 rows');
    expect(formatCountOf(3, 'mass action', 'mass actions')).toBe('3 mass actions');
  });
});
