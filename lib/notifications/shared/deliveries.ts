import type { NotificationEventKind } from './events';

// What the notifications page shows (GET /api/admin/webhook-deliveries): the configured webhooks
// without their secrets, and the outbox's rows. Browser-safe.

/** queued: not attempted yet; sending: an attempt in flight; retrying: failed, due again at nextAttemptAt; failed: given up. */
export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'delivered' | 'failed';

export interface WebhookSummary {
  id: string;
  /** Scheme, host and port only: a Slack-style URL carries its token in the path, other receivers in the query. */
  target: string;
  events: NotificationEventKind[];
}

export interface WebhookDeliveryView {
  id: number;
  deliveryId: string;
  webhookId: string;
  event: NotificationEventKind;
  bulkKey: string;
  status: DeliveryStatus;
  attempts: number;
  /** The last answer's HTTP status; null when none came (refused, timed out, unreachable). */
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  /** When the next attempt is due, while retrying. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface WebhookDeliveriesPage {
  webhooks: WebhookSummary[];
  deliveries: WebhookDeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last. */
  nextBefore: number | null;
}
