import { describe, expect, it } from 'vitest';
import { parseAuditFilter } from './audit-filter';

const LA = 'America/Los_Angeles';
const KEY = 'a'.repeat(32);

describe('parseAuditFilter', () => {
  it('drops what a hand-edited link got wrong in the other filters, rather than trusting it', () => {
    expect(parseAuditFilter({ actor: '  olivia@ ', kind: 'sign-in-failed', bulkKey: KEY, before: '42' }, LA)).toEqual({
      ok: true,
      params: { actor: 'olivia@', kind: 'sign-in-failed', bulkKey: KEY, before: 42 },
      filter: { actor: 'olivia@', kind: 'sign-in-failed', bulkKey: KEY, before: 42 },
    });
    expect(parseAuditFilter({ actor: '', kind: 'drop-table', bulkKey: '../etc', before: '-3', other: 'x' }, LA)).toEqual({ ok: true, params: {}, filter: {} });
    expect(parseAuditFilter(new URLSearchParams('kind=registration&kind=sign-in&before=1.5'), LA)).toMatchObject({ ok: true, params: { kind: 'sign-in' } });
    expect(parseAuditFilter({ kind: ['stop-request', 'sign-in'] }, LA)).toMatchObject({ ok: true, params: { kind: 'stop-request' } });
  });

  it("reads From and To as whole days in the console's zone, both included, across a change of offset", () => {
    // 2026-11-01 is the day Los Angeles goes from UTC−07:00 to UTC−08:00.
    expect(parseAuditFilter({ from: '2026-11-01', to: '2026-11-01' }, LA)).toMatchObject({
      ok: true, params: { from: '2026-11-01', to: '2026-11-01' }, filter: { since: '2026-11-01T07:00:00.000Z', until: '2026-11-02T08:00:00.000Z' },
    });
    expect(parseAuditFilter({ from: '2026-12-31', to: '2026-12-31' }, 'UTC')).toMatchObject({ filter: { since: '2026-12-31T00:00:00.000Z', until: '2027-01-01T00:00:00.000Z' } });
    const fromOnly = parseAuditFilter(new URLSearchParams('from=2026-11-29'), LA);
    expect(fromOnly).toMatchObject({ ok: true, filter: { since: '2026-11-29T08:00:00.000Z' } });
    expect(fromOnly.ok && 'until' in fromOnly.filter).toBe(false);
    expect(parseAuditFilter({ to: ' 2026-11-29 ' }, LA)).toMatchObject({ ok: true, params: { to: '2026-11-29' }, filter: { until: '2026-11-30T08:00:00.000Z' } });
    expect(parseAuditFilter({ from: '', to: '' }, LA)).toEqual({ ok: true, params: {}, filter: {} });
  });

  it('says what is wrong with a date that is not one, naming the field, and keeps the other filters', () => {
    const bad = parseAuditFilter({ kind: 'sign-in', from: 'yesterday', to: '2026-11-29' }, LA);
    expect(bad).toEqual({
      ok: false,
      params: { kind: 'sign-in', from: 'yesterday', to: '2026-11-29' },
      problem: { message: '“From” must be a date written YYYY-MM-DD, such as 2026-11-29; “yesterday” is not.', fields: ['from'] },
    });
    expect(parseAuditFilter({ to: '29/11/2026' }, LA)).toMatchObject({ ok: false, problem: { fields: ['to'], message: expect.stringContaining('“To” must be a date written YYYY-MM-DD') } });
    expect(parseAuditFilter({ from: '2026-02-30' }, LA)).toMatchObject({ ok: false, problem: { fields: ['from'], message: '“From”: 2026-02-30 is not a day in the calendar (from 1970 on).' } });
    expect(parseAuditFilter({ to: '0099-01-01' }, LA)).toMatchObject({ ok: false, problem: { fields: ['to'] } });
    // Echoed back in the message, so cut short.
    expect(parseAuditFilter({ from: 'x'.repeat(5000) }, LA)).toMatchObject({ ok: false, params: { from: 'x'.repeat(40) } });
  });

  it('refuses a reversed range in words, naming both fields', () => {
    expect(parseAuditFilter({ from: '2026-12-02', to: '2026-12-01' }, LA)).toEqual({
      ok: false,
      params: { from: '2026-12-02', to: '2026-12-01' },
      problem: { message: 'The dates are the wrong way round: “From” (2026-12-02) is after “To” (2026-12-01). Swap them, or change one.', fields: ['from', 'to'] },
    });
  });
});
