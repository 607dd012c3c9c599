import type { Kysely } from 'kysely';
import { autoId, binary } from './portable';

// Mass actions started from the console (issue 13): each upload as checked and sent, with the file
// itself (the console's record of what was sent, and what a retry after a timeout sends again), a
// fingerprint of each data row for the double-upload guard, and the lineage of a mass action started
// from another one (the rest of a stopped one, a part of it, a retry of its failed rows).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'integer', autoId(db))
    /** 'checked' (previewed, not sent), 'started' (Zuora answered a bulk key), 'refused' (Zuora said no). */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('action_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', binary(db), (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_md5', 'varchar(32)', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    /** The preview as JSON: columns, first rows (what the confirmation showed). */
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    /** The Idempotency-Key sent with POST /v1/bulk: the same upload sent twice makes one mass action. */
    .addColumn('idempotency_key', 'varchar(100)')
    .addColumn('bulk_key', 'varchar(32)')
    .addColumn('started_at', 'varchar(32)')
    .addColumn('refusal', 'text')
    .addColumn('parent_bulk_key', 'varchar(32)')
    /** Why it was started from its parent: 'rest', 'retry'. */
    .addColumn('relation', 'varchar(16)')
    .addColumn('part_index', 'integer')
    .addColumn('part_count', 'integer')
    /** An overlap the operator confirmed, and why (JSON), or an admin's override of the MPU block. */
    .addColumn('overlap_confirmation', 'text')
    .execute();
  await db.schema.createIndex('uploads_bulk_key').on('uploads').column('bulk_key').execute();
  await db.schema.createIndex('uploads_file').on('uploads').columns(['file_sha256', 'action_type']).execute();

  await db.schema
    .createTable('upload_row_fingerprints')
    /** A 52-bit fingerprint of the row's input cells (lib/uploads/fingerprints.ts): a JavaScript number on both databases. */
    .addColumn('fingerprint', 'bigint', (c) => c.notNull())
    .addColumn('upload_id', 'integer', (c) => c.notNull())
    /** 1-based, in the file's order: the same row of its result file. */
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_row_fingerprints_pk', ['fingerprint', 'upload_id', 'row_number'])
    .execute();
  await db.schema.createIndex('upload_row_fingerprints_upload').on('upload_row_fingerprints').columns(['upload_id', 'row_number']).execute();

  for (const [name, type] of [['parent_bulk_key', 'varchar(32)'], ['relation', 'varchar(16)'], ['part_index', 'integer'], ['part_count', 'integer'], ['upload_id', 'integer']] as const) {
    await db.schema.alterTable('mass_actions').addColumn(name, type).execute();
  }
  await db.schema.createIndex('mass_actions_parent').on('mass_actions').column('parent_bulk_key').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mass_actions_parent').execute();
  for (const name of ['upload_id', 'part_count', 'part_index', 'relation', 'parent_bulk_key']) await db.schema.alterTable('mass_actions').dropColumn(name).execute();
  await db.schema.dropTable('upload_row_fingerprints').execute();
  await db.schema.dropTable('uploads').execute();
}
