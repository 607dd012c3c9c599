import 'server-only';
import { randomBytes } from 'node:crypto';
import type { NotificationEvent, NotificationEventKind } from '../shared/events';

/** A new bulk key, 32 hex characters like Zuora's. */
export function newBulkKey(): string {
  return randomBytes(16).toString('hex');
}

/** An event as the stop service would send it; `overrides` change what a test looks at. */
export function eventFor(kind: NotificationEventKind, overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    kind,
    bulkKey: newBulkKey(),
    label: 'Invoice fix — March',
    actionType: 'UpdateAccountingCode',
    counts: { total: 5000, processed: 1200, succeeded: 1180, failed: 20 },
    actor: { name: 'Olivia Operator', email: 'olivia@example.com' },
    reason: 'Wrong mapping',
    detail: null,
    at: '2026-12-01T09:30:00.000Z',
    ...overrides,
  };
}
