import 'server-only';
import { getDatabase, type Database } from '../db/database';
import { getLogger } from '../log';
import { DeliveryWorker, nudgeDeliveryWorkers } from './delivery-worker';
import { queueNotification } from './outbox';
import { notificationSettings } from './settings';
import { isNotificationEventKind, type NotificationEvent } from './shared/events';

// The entry the rest of the console calls: notify() when something worth a chat message happens,
// startWebhookDeliveries() once at server start. Delivery is asynchronous through the outbox
// (outbox.ts, delivery-worker.ts), so a receiver that is slow or down never slows a stop.

export type { NotificationEvent, NotificationEventKind } from './shared/events';
export { NOTIFICATION_EVENTS } from './shared/events';

/** Queues one delivery per configured webhook that wants this kind. Each (webhook, kind, bulk key) is delivered once ever: a second notify of the same is ignored. Never throws (logs instead): a notification must never fail a stop. */
export async function notify(db: Database, event: NotificationEvent): Promise<void> {
  try {
    if (!isNotificationEventKind(event.kind)) throw new Error(`not a notification event: ${String(event.kind)}`);
    const queued = await queueNotification(db, event, notificationSettings());
    if (queued > 0) nudgeDeliveryWorkers();
  } catch (error) {
    getLogger().error({ err: error, event: event.kind, bulkKey: event.bulkKey }, 'notification not queued');
  }
}

const globalForDeliveries = globalThis as unknown as { webhookDeliveries?: DeliveryWorker };

/** Starts this process's delivery loop (idempotent; unref'd timers). Called once at server start. */
export function startWebhookDeliveries(): void {
  if (globalForDeliveries.webhookDeliveries) return;
  try {
    // No webhook configured: nothing to deliver, and the configuration cannot change without a restart.
    if (notificationSettings().webhooks.length === 0) return;
    globalForDeliveries.webhookDeliveries = new DeliveryWorker({ db: getDatabase });
    globalForDeliveries.webhookDeliveries.start();
  } catch (error) {
    getLogger().error({ err: error }, 'webhook deliveries not started');
  }
}
