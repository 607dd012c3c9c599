import type { Kysely } from 'kysely';

// Issue 14. A bulk stop is one batch in the audit trail: the batch's own entry, and each key's stop
// entry pointing at it (batch_id), so a mass action's trail can say "in batch 812 with 11 others" and
// the batch can list its keys' outcomes. And a mass action's auto-stop rule, with when it fired.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('batch_id', 'integer').execute();
  await db.schema.createIndex('audit_events_batch').on('audit_events').column('batch_id').execute();

  await db.schema
    .createTable('auto_stop_rules')
    .addColumn('bulk_key', 'varchar(32)', (c) => c.primaryKey())
    /** Stop once at least this many rows are processed and more than failed_percent_above of them failed… */
    .addColumn('after_processed', 'integer')
    .addColumn('failed_percent_above', 'double precision')
    /** …or once more than this many rows failed. Both conditions null: no rule (an operator turned a default off). */
    .addColumn('failed_above', 'integer')
    /** 'operator' (set on the job page), 'default' (the action type's default, kept when it fired). */
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('set_by_email', 'text', (c) => c.notNull())
    .addColumn('set_by_name', 'text')
    .addColumn('set_at', 'varchar(32)', (c) => c.notNull())
    /** Set once, by the one instance whose refresh saw the rule met: the claim that makes one stop. */
    .addColumn('fired_at', 'varchar(32)')
    /** The figures when it fired, in words, and what came of the stop (JSON: outcome, message). */
    .addColumn('fired_summary', 'text')
    .addColumn('fire_outcome', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auto_stop_rules').execute();
  await db.schema.dropIndex('audit_events_batch').execute();
  await db.schema.alterTable('audit_events').dropColumn('batch_id').execute();
}
