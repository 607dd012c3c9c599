import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mass_actions')
    .addColumn('bulk_key', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('label', 'text')
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_via', 'varchar(16)', (c) => c.notNull())
    .addColumn('registered_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)')
    .addColumn('snapshot', 'text')
    .addColumn('refreshed_at', 'varchar(32)')
    .addColumn('refresh_error', 'text')
    .execute();
  await db.schema.createIndex('mass_actions_status').on('mass_actions').column('status').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mass_actions').execute();
}
