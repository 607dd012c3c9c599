import type { Kysely } from 'kysely';

// Columns copied out of the snapshot so the list can search, sort and count in SQL.
const COLUMNS: [string, 'text' | 'varchar(32)' | 'double precision'][] = [
  ['action_type', 'varchar(32)'],
  ['uploaded_by', 'text'],
  ['uploaded_on', 'varchar(32)'],
  ['stopping_since', 'varchar(32)'],
  ['rate_per_second', 'double precision'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS) {
    await db.schema.alterTable('mass_actions').addColumn(name, type).execute();
  }
  await db.schema.createIndex('mass_actions_status_registered').on('mass_actions').columns(['status', 'registered_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mass_actions_status_registered').execute();
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('mass_actions').dropColumn(name).execute();
}
