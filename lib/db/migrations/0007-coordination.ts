import type { Kysely } from 'kysely';

// What several console instances sharing one database coordinate through, instead of each one's
// memory: leases (whose turn it is to read a key from Zuora, to stop it, and a 429's pause, see
// lib/db/leases.ts) and usage counters (a person's budget of on-request Zuora calls, per window).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    /** Held until then (epoch ms); a lease past it is free, whoever held it. */
    .addColumn('until_ms', 'bigint', (c) => c.notNull())
    /** What the holder left for the others when it let go (a stop's outcome, as JSON). */
    .addColumn('note', 'text')
    .addColumn('noted_at_ms', 'bigint')
    .execute();

  await db.schema
    .createTable('usage_counters')
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('window_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_counters_pk', ['subject', 'window_start_ms'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_counters').execute();
  await db.schema.dropTable('leases').execute();
}
