import type { Kysely } from 'kysely';
import { autoId } from './portable';

// The webhooks' outbox (issue 14, lib/notifications/): one row per webhook, event and bulk key, ever.
// A notify inserts it (a second notify of the same finds the unique index and does nothing); any
// console instance sharing the database may deliver it, after claiming it until claim_expires_at.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', autoId(db))
    /** Sent as X-Console-Delivery and in the body, the same on every attempt: a receiver drops a duplicate by it. */
    .addColumn('delivery_id', 'varchar(36)', (c) => c.notNull().unique())
    /** The webhook's name in WEBHOOKS (or one made from its URL); never its URL or secret. */
    .addColumn('webhook_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('bulk_key', 'varchar(32)', (c) => c.notNull())
    /** The JSON body, built once: every attempt sends the same bytes. */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** 'pending' (to be attempted at next_attempt_at), 'delivered', 'failed' (gave up). */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    /** Attempts started, counted when claimed: one whose instance died still counts. */
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    /** The instance (and claim) making the attempt now, until claim_expires_at; then anyone may retry it. */
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', 'varchar(32)')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_attempt_at', 'varchar(32)')
    .addColumn('delivered_at', 'varchar(32)')
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_kind', 'bulk_key'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_due').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
}
