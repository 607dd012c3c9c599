import { describe, expect, it } from 'vitest';
import { formatInZone, offsetOf } from './time';

describe('times on screen', () => {
  it('are written in one zone with their offset', () => {
    expect(formatInZone('2026-12-01T20:24:28.000Z', 'America/Los_Angeles')).toBe('2026-12-01 12:24:28 UTC−08:00');
    expect(formatInZone('2026-07-01T19:24:28.000Z', 'America/Los_Angeles')).toBe('2026-07-01 12:24:28 UTC−07:00');
    expect(formatInZone('2026-12-01T06:54:28.000Z', 'Asia/Kolkata')).toBe('2026-12-01 12:24:28 UTC+05:30');
    expect(formatInZone('2026-12-01T12:24:28.000Z', 'UTC')).toBe('2026-12-01 12:24:28 UTC');
    expect(offsetOf('Europe/Paris', new Date('2026-12-01T00:00:00Z'))).toBe('UTC+01:00');
  });
});
