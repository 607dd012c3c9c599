import { describe, expect, it } from 'vitest';
import { zuoraTimeToInstant } from './zuora-times';

describe("Zuora's timestamps, which name no zone", () => {
  it('are read as the tenant\'s local time, summer and winter', () => {
    expect(zuoraTimeToInstant('2026-12-01 12:24:28', 'America/Los_Angeles')).toBe('2026-12-01T20:24:28.000Z');
    expect(zuoraTimeToInstant('2026-07-01 12:24:28', 'America/Los_Angeles')).toBe('2026-07-01T19:24:28.000Z');
    expect(zuoraTimeToInstant('2026-12-01 12:24:28', 'Asia/Kolkata')).toBe('2026-12-01T06:54:28.000Z');
    expect(zuoraTimeToInstant('2026-12-01 12:24:28', 'UTC')).toBe('2026-12-01T12:24:28.000Z');
  });

  it('are not placed at all when the zone is not configured or the text is not Zuora\'s form', () => {
    expect(zuoraTimeToInstant('2026-12-01 12:24:28', null)).toBeNull();
    expect(zuoraTimeToInstant(null, 'UTC')).toBeNull();
    expect(zuoraTimeToInstant('01/12/2026 12:24', 'UTC')).toBeNull();
  });
});
