import 'server-only';
import type { Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { WebhookDeliveriesTable } from '../db/schema';
import { notificationSettings } from './settings';
import { describeTarget } from './webhook-config';
import type { DeliveryStatus, WebhookDeliveriesPage, WebhookDeliveryView, WebhookSummary } from './shared/deliveries';
import type { NotificationEventKind } from './shared/events';

// What admins see of notifications: the webhooks as configured, minus anything secret, and the
// outbox newest first, a page at a time (keyset on id, like the audit trail).

export function describeConfiguredWebhooks(): WebhookSummary[] {
  return notificationSettings().webhooks.map((webhook) => ({ id: webhook.id, target: describeTarget(webhook.url), events: webhook.events }));
}

export async function listWebhookDeliveries(db: Database, page: { before?: number; limit?: number } = {}, now = Date.now()): Promise<WebhookDeliveriesPage> {
  const limit = Math.min(page.limit ?? 50, 200);
  let query = db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (page.before) query = query.where('id', '<', page.before);
  const rows = await query.execute();
  const deliveries = rows.slice(0, limit).map((row) => toView(row, now));
  return { webhooks: describeConfiguredWebhooks(), deliveries, nextBefore: rows.length > limit ? (deliveries.at(-1)?.id ?? null) : null };
}

function toView(row: Selectable<WebhookDeliveriesTable>, now: number): WebhookDeliveryView {
  const isPending = row.status === 'pending';
  return {
    id: Number(row.id),
    deliveryId: row.delivery_id,
    webhookId: row.webhook_id,
    event: row.event_kind as NotificationEventKind,
    bulkKey: row.bulk_key,
    status: statusOf(row, now),
    attempts: Number(row.attempts),
    lastHttpStatus: row.last_http_status === null ? null : Number(row.last_http_status),
    lastError: row.last_error,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: isPending ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
  };
}

function statusOf(row: Selectable<WebhookDeliveriesTable>, now: number): DeliveryStatus {
  if (row.status !== 'pending') return row.status;
  if (row.claim_expires_at && Date.parse(row.claim_expires_at) > now) return 'sending';
  return Number(row.attempts) === 0 ? 'queued' : 'retrying';
}
