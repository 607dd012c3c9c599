import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('trusts only the entries appended by Next.js and the configured proxies', () => {
    const headers = new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' });
    expect(clientAddress(headers, 0)).toBe('10.0.0.2');
    expect(clientAddress(headers, 1)).toBe('203.0.113.9');
    expect(clientAddress(headers, 5)).toBe('6.6.6.6');
    expect(clientAddress({ 'x-forwarded-for': '127.0.0.1' }, 0)).toBe('127.0.0.1');
    expect(clientAddress(new Headers(), 0)).toBeNull();
  });
});
