import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect';
import { autoId } from './portable';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', autoId(db))
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

  // Append-only in the database itself, not just in the code: an UPDATE, DELETE (or, in PostgreSQL, a
  // TRUNCATE) of the trail fails whoever sends it.
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
  }

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_subject').on('sign_in_failures').columns(['subject', 'at_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('audit_events').execute();
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_events_append_only()`.execute(db);
}
