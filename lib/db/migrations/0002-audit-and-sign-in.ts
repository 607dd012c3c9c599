import { SqliteAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'varchar(16)')
    .addColumn('client_address', 'text')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('bulk_key', 'varchar(32)')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('zuora_track_id', 'text')
    .addColumn('zuora_request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_bulk_key').on('audit_events').columns(['bulk_key', 'id']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_email', 'id']).execute();
  await db.schema.createIndex('audit_events_kind').on('audit_events').columns(['kind', 'id']).execute();

  // Append-only in the database itself, not just in the code. (PostgreSQL: a BEFORE UPDATE OR DELETE
  // trigger raising an exception, plus REVOKE UPDATE, DELETE from the console's role.)
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
  }

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_subject').on('sign_in_failures').columns(['subject', 'at_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('audit_events').execute();
}
