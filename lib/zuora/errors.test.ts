import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { ZuoraError } from './errors';

describe('ZuoraError', () => {
  it('is recognised when thrown by another bundled copy of its module (same brand, other class)', () => {
    const fromOtherCopy = Object.assign(new Error('x'), { [Symbol.for('mass-action-console.ZuoraError')]: true });
    expect(fromOtherCopy instanceof ZuoraError).toBe(true);
    expect(new Error('plain') instanceof ZuoraError).toBe(false);
    const apiError = new ApiError(409, 'x', 'y');
    expect(apiError instanceof ZuoraError).toBe(false);
    expect(apiError instanceof ApiError).toBe(true);
    expect(apiError.name).toBe('ApiError');
    expect(new ZuoraError('m', { kind: 'http', status: 502, reasons: [{ code: '53100360', message: 'x' }] }).categories).toEqual([60]);
  });
});
