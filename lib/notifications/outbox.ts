import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import { isPostgres } from '../db/dialect';
import { buildPayload } from './payload';
import type { NotificationSettings } from './settings';
import type { NotificationEvent } from './shared/events';

// The webhook_deliveries table (migration 0010): rows in, claimed by one instance at a time, outcomes
// recorded. Times are toISOString()'s fixed-width UTC text, so comparing the text compares the instants.

/** Inserts one row per webhook that wants the event; answers how many were new (0: already queued, ever). */
export async function queueNotification(db: Database, event: NotificationEvent, settings: NotificationSettings, now = new Date()): Promise<number> {
  const wanting = settings.webhooks.filter((webhook) => webhook.events.includes(event.kind));
  if (wanting.length === 0) return 0;
  const at = now.toISOString();
  const rows = wanting.map((webhook) => {
    const deliveryId = randomUUID();
    const payload = buildPayload(event, { deliveryId, environment: settings.environment, consoleUrl: settings.consoleUrl });
    return { delivery_id: deliveryId, webhook_id: webhook.id, event_kind: event.kind, bulk_key: event.bulkKey, payload: JSON.stringify(payload), status: 'pending' as const, next_attempt_at: at, created_at: at };
  });
  // However many notify the same at once, the unique index lets one row in; the others do nothing.
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_kind', 'bulk_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export interface ClaimedDelivery {
  id: number;
  deliveryId: string;
  webhookId: string;
  event: string;
  payload: string;
  /** This one included. */
  attempts: number;
  /** This claim's own mark: only it may record a failure (a late one after its claim ran out may not). */
  claimedBy: string;
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  claimMs: number;
  /** Only the webhooks this instance has configured: another instance's newer configuration may hold more. */
  webhookIds: string[];
  now?: number;
}

/**
 * Claims up to `limit` due deliveries for this instance, in one statement. SQLite runs one writer at a
 * time; PostgreSQL's SKIP LOCKED hands concurrent claimers different rows, and the repeated WHERE is
 * checked again on a row another claimer just updated, so a row is never claimed twice at once.
 */
export async function claimDueDeliveries(db: Database, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (options.webhookIds.length === 0 || options.limit <= 0) return [];
  const now = new Date(options.now ?? Date.now()).toISOString();
  const claimedBy = `${options.owner}#${randomUUID().slice(0, 8)}`;
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .where('webhook_id', 'in', options.webhookIds)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(options.limit)
    .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked());
  const rows = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ claimed_by: claimedBy, claim_expires_at: new Date(Date.parse(now) + options.claimMs).toISOString(), attempts: eb('attempts', '+', 1), last_attempt_at: now }))
    .where('id', 'in', due)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .returning(['id', 'delivery_id', 'webhook_id', 'event_kind', 'payload', 'attempts'])
    .execute();
  return rows.map((row) => ({ id: row.id, deliveryId: row.delivery_id, webhookId: row.webhook_id, event: row.event_kind, payload: row.payload, attempts: Number(row.attempts), claimedBy }));
}

/** A 2xx is the truth whoever holds the claim now: delivered, and nobody tries again. */
export async function recordDelivered(db: Database, claim: ClaimedDelivery, httpStatus: number, now = Date.now()): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'delivered', delivered_at: new Date(now).toISOString(), last_http_status: httpStatus, last_error: null, claimed_by: null, claim_expires_at: null })
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .execute();
}

/** A failed attempt: due again at `retryAt`, or 'failed' for good when it is null. */
export async function recordFailedAttempt(db: Database, claim: ClaimedDelivery, failure: { httpStatus: number | null; error: string; retryAt: number | null }, now = Date.now()): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: failure.retryAt === null ? 'failed' : 'pending',
      next_attempt_at: new Date(failure.retryAt ?? now).toISOString(),
      last_http_status: failure.httpStatus,
      last_error: failure.error,
      claimed_by: null,
      claim_expires_at: null,
    })
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .where('claimed_by', '=', claim.claimedBy)
    .execute();
}

/** When the next of these webhooks' deliveries may be claimed (epoch ms), or null when none waits. */
export async function nextDueAt(db: Database, webhookIds: string[]): Promise<number | null> {
  if (webhookIds.length === 0) return null;
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min(eb.case().when('claim_expires_at', '>', eb.ref('next_attempt_at')).then(eb.ref('claim_expires_at')).else(eb.ref('next_attempt_at')).end()).as('due'))
    .where('status', '=', 'pending')
    .where('webhook_id', 'in', webhookIds)
    .executeTakeFirst();
  return row?.due ? Date.parse(String(row.due)) : null;
}
