import { describe, expect, it } from 'vitest';
import { describeEventDetails } from './event-details';
import type { AuditEvent } from './types';

const LA = 'America/Los_Angeles';
const words = (kind: AuditEvent['kind'], details: Record<string, unknown> | null, repeats?: AuditEvent['repeats']) => describeEventDetails({ kind, details, repeats }, LA);

describe('describeEventDetails', () => {
  it("gives a stop's reason, label and Zuora's answer, and what the stop found", () => {
    expect(words('stop-request', { reason: 'wrong mapping', label: 'fix.csv', joined: false, zuoraAnswer: 'not-asked', statusBefore: 'Processing', processedCount: 1200, totalCount: 5000 })).toEqual({
      reason: 'wrong mapping', label: 'fix.csv', zuoraAnswer: 'not asked (the console refused the stop)', notes: ['Before the stop: Processing, 1,200 of 5,000 rows processed'],
    });
  });

  it("gives a registration's label, how it was registered and what Zuora said", () => {
    expect(words('registration', { label: 'fx-rates.csv', via: 'link', status: 'Pending', actionType: 'UpdateAccountingCode' })).toEqual({
      reason: null, label: 'fx-rates.csv', zuoraAnswer: null,
      notes: ['How: the Register button on the page of a link to it', 'Zuora said then: UpdateAccountingCode, Pending'],
    });
  });

  it("gives a start's label, what was sent, and the overlap confirmed or overridden", () => {
    expect(words('mass-action-start', { label: 'December codes', actionType: 'UpdateAccountingCode', file: 'codes.csv', rows: 1204, overlap: { reason: 'first one stopped by mistake', adminOverride: false }, replayed: false })).toEqual({
      reason: null, label: 'December codes', zuoraAnswer: null,
      notes: ['UpdateAccountingCode, codes.csv, 1,204 rows', 'Overlap with earlier uploads confirmed: first one stopped by mistake'],
    });
    expect(words('mass-action-start', { actionType: 'MPU', file: 'p.csv', rows: 1, overlap: { reason: 'reversed', adminOverride: true }, replayed: true }).notes).toEqual([
      'MPU, p.csv, 1 row', 'Admin override of the payments block: reversed', 'Zuora had this upload already (the same Idempotency-Key): no second mass action',
    ]);
  });

  it('says which file, which view or which part of the trail was downloaded', () => {
    expect(words('file-download', { kind: 'view', fileName: 'fix_view.csv', view: { outcome: 'failed', search: '2.50', template: '', sort: 'row-desc' } }).notes).toEqual([
      'File: fix_view.csv', 'View: failed rows, search “2.50”, last row first',
    ]);
    expect(words('file-download', { kind: 'audit-trail', fileName: 'a.csv', filter: { kind: 'sign-in-failed', from: '2026-11-01', timeZone: LA } }).notes).toEqual([
      'File: a.csv', 'Filter: kind Sign-in refused, from 2026-11-01 to now (America/Los_Angeles)',
    ]);
    expect(words('file-download', { kind: 'audit-trail', filter: {} }).notes).toEqual(['Filter: none (the whole trail)']);
  });

  it('counts the failed sign-ins after the first, and reads odd or old entries without showing them wrongly', () => {
    expect(words('sign-in-failed', { method: 'single sign-on' }, { failed: 1, throttled: 95, lastAt: '2026-11-29T17:14:03.000Z' }).notes).toEqual([
      'Method: single sign-on', 'Then 1 more failed attempt and 95 throttled attempts, the last at 2026-11-29 09:14:03 UTC−08:00 (counted, not listed one by one).',
    ]);
    expect(words('registration', { label: 42, via: 'fax', status: null })).toEqual({ reason: null, label: null, zuoraAnswer: null, notes: [] });
    expect(words('status-change', null).notes).toEqual([]);
    expect(words('status-change', { from: 'Pending', to: 'Processing', processedCount: 0, totalCount: null }).notes).toEqual(['0 rows processed']);
  });
});
