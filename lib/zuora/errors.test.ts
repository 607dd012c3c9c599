import { describe, expect, it } from 'vitest';
import { ZuoraError } from './errors';

describe('ZuoraError', () => {
  it('is recognised when thrown by another bundled copy of its module (same brand, other class)', () => {
    const fromOtherCopy = Object.assign(new Error('x'), { [Symbol.for('mass-action-console.ZuoraError')]: true });
    expect(fromOtherCopy instanceof ZuoraError).toBe(true);
    expect(new Error('plain') instanceof ZuoraError).toBe(false);
    expect(new ZuoraError('m', { kind: 'http', status: 502, reasons: [{ code: '53100360', message: 'x' }] }).categories).toEqual([60]);
  });
});
