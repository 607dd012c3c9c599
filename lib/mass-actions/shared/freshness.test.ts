import { describe, expect, it } from 'vitest';
import { clockSkewMs, describeAgo, isStale, zuoraAgeMs } from './freshness';

describe('the age of what Zuora said', () => {
  it('is counted on the server clock, whatever the browser clock says', () => {
    // The server made its answer at 10:00:10 from a read at 10:00:02; the browser, 1 h fast, got it at 11:00:10.
    const skew = clockSkewMs('2026-12-01T10:00:10.000Z', Date.parse('2026-12-01T11:00:10.000Z'));
    expect(zuoraAgeMs('2026-12-01T10:00:02.000Z', skew, Date.parse('2026-12-01T11:00:10.000Z'))).toBe(8000);
    expect(zuoraAgeMs('2026-12-01T10:00:02.000Z', skew, Date.parse('2026-12-01T11:00:40.000Z'))).toBe(38_000);
    expect(zuoraAgeMs(null, skew, 0)).toBeNull();
  });

  it('is stale past two refresh intervals, and reads like a person would say it', () => {
    expect([isStale(10_000, 5000), isStale(10_001, 5000), isStale(null, 5000)]).toEqual([false, true, false]);
    expect([800, 12_000, 240_000, 7_500_000].map(describeAgo)).toEqual(['just now', '12 s ago', '4 min ago', '2 h 5 min ago']);
  });
});
