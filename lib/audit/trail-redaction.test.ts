import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './shared/types';
import { redactTrailFor } from './trail-redaction';

const KEY = 'a'.repeat(32);

function entry(id: number, kind: AuditEvent['kind'], details: Record<string, unknown> | null, clientAddress: string | null = '203.0.113.9'): AuditEvent {
  return {
    id, at: '2026-11-29T10:00:00.000Z', actorEmail: 'olivia@example.com', actorName: 'Olivia Operator', actorRole: 'operator',
    clientAddress, kind, bulkKey: KEY, summary: `${kind} happened`, details, zuoraTrackId: 't-1', zuoraRequestId: 'r-1',
  };
}

const TRAIL: AuditEvent[] = [
  entry(1, 'registration', { label: 'fix.csv', via: 'link', status: 'Processing', actionType: 'UpdateAccountingCode' }),
  entry(2, 'stop-request', { reason: 'wrong mapping', label: 'fix.csv', joined: false, zuoraAnswer: 'accepted', statusBefore: 'Processing', processedCount: 40, totalCount: 90 }),
  entry(3, 'stop-request', { zuoraAnswer: 'not-asked', refusedBy: 'console', message: 'a viewer may not stop mass actions' }),
  entry(4, 'file-download', { kind: 'fix', fileName: 'fix.csv' }),
  entry(5, 'status-change', { from: 'Processing', to: 'Stopping' }, null),
];

describe('redactTrailFor', () => {
  it.each(['viewer', 'operator'] as const)('gives the %s no client address and only a stop’s reason, label and Zuora’s answer', (role) => {
    const trail = redactTrailFor(role, TRAIL);
    expect(trail.some((event) => 'clientAddress' in event)).toBe(false);
    expect(trail.map((event) => event.details)).toEqual([
      null,
      { reason: 'wrong mapping', label: 'fix.csv', zuoraAnswer: 'accepted' },
      { zuoraAnswer: 'not-asked' },
      null,
      null,
    ]);
    // What the page shows besides the details is untouched.
    expect(trail[1]).toMatchObject({ actorName: 'Olivia Operator', summary: 'stop-request happened', zuoraRequestId: 'r-1', bulkKey: KEY });
    expect(JSON.stringify(trail)).not.toContain('203.0.113.9');
  });

  it('gives an admin every entry whole, as the audit page does', () => {
    expect(redactTrailFor('admin', TRAIL)).toEqual(TRAIL);
  });
});
