import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER } from '../front-door/peer-address';
import { clientAddress } from './client-address';

const request = (forwardedFor: string | null, peer = '192.0.2.7') =>
  new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor }) });

describe('clientAddress behind the front door', () => {
  it('with no trusted proxy, is the connection peer whatever X-Forwarded-For claims', () => {
    for (const claim of [null, '6.6.6.6', '6.6.6.6, 7.7.7.7', ',', '', ' , ,']) expect(clientAddress(request(claim), 0, true)).toBe('192.0.2.7');
  });

  it('with N trusted proxies, is the Nth X-Forwarded-For entry from the right', () => {
    // The client forged 6.6.6.6; the outer proxy appended the client (203.0.113.9), the inner one the outer proxy (10.0.0.2).
    const headers = request('6.6.6.6, 203.0.113.9, 10.0.0.2', '10.0.0.3');
    expect(clientAddress(headers, 1, true)).toBe('10.0.0.2');
    expect(clientAddress(headers, 2, true)).toBe('203.0.113.9');
  });

  it('is never empty: too few entries fall back to the leftmost, none to the peer', () => {
    expect(clientAddress(request('203.0.113.9', '10.0.0.3'), 3, true)).toBe('203.0.113.9');
    expect(clientAddress(request(',', '10.0.0.3'), 2, true)).toBe('10.0.0.3');
    expect(clientAddress(new Headers(), 0, true)).toBe('unknown');
  });

  it('ignores a peer header the client sent itself when no front door stamped it (next dev)', () => {
    expect(clientAddress(request(null, '6.6.6.6'), 0, false)).toBe('unknown');
    expect(clientAddress(request('127.0.0.1', '6.6.6.6'), 0, false)).toBe('127.0.0.1');
  });
});
