import type { Kysely } from 'kysely';

// Sessions the server can end (sign-out, maximum age, an account removed or demoted, an admin), a
// sign-in attempt's reservation against the throttle, and failed sign-ins tallied per window instead
// of one audit row each.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    /** Who the session is: a local account's email, a verified SSO email, or `sso:<subject>`. */
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** 'local' or 'sso'. */
    .addColumn('method', 'varchar(16)', (c) => c.notNull())
    /** SSO only: the verified email (or null) and the groups, as JSON, to map to a role on every request. */
    .addColumn('sso_email', 'text')
    .addColumn('sso_groups', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(32)')
    .addColumn('ended_reason', 'text')
    .execute();
  await db.schema.createIndex('console_sessions_identity').on('console_sessions').columns(['identity', 'ended_at']).execute();

  await db.schema.alterTable('sign_in_failures').addColumn('attempt_id', 'varchar(64)').execute();

  await db.schema
    .createTable('sign_in_tallies')
    /** The audit event the window's first failure wrote; the tally counts the ones after it. */
    .addColumn('audit_event_id', 'integer', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('window_ends_ms', 'bigint', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('throttled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_tallies_subject').on('sign_in_tallies').columns(['subject', 'window_ends_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_tallies').execute();
  await db.schema.alterTable('sign_in_failures').dropColumn('attempt_id').execute();
  await db.schema.dropTable('console_sessions').execute();
}
