import { sql, type Kysely } from 'kysely';
import { autoId, binary } from './portable';

// Result files, imported once per terminal mass action (lib/result-files/). Every row carries the id of
// the import that wrote it, so an import cut short by a crash is never mistaken for a finished one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('result_imports')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('bulk_key', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('action_type', 'varchar(32)')
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('heartbeat_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('download_size', 'integer')
    .addColumn('bytes_downloaded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('succeeded_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_processed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('columns', 'text')
    .addColumn('csv_name', 'text')
    .addColumn('has_bom', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('line_ending', 'varchar(4)', (c) => c.notNull().defaultTo('\n'))
    .addColumn('raw_size', 'integer')
    .addColumn('error_code', 'varchar(32)')
    .addColumn('error_message', 'text')
    .addColumn('error_retryable', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('result_imports_bulk_key').on('result_imports').columns(['bulk_key', 'id']).execute();
  // At most one live import per file, across every console process sharing the database.
  await db.schema
    .createIndex('result_imports_one_live')
    .on('result_imports')
    .column('bulk_key')
    .unique()
    .where(sql.ref('status'), 'in', ['importing', 'ready'])
    .execute();

  await db.schema
    .createTable('result_rows')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'integer', (c) => c.notNull())
    // The row's rank among the rows of its outcome: a page of one outcome is a range, never an OFFSET scan.
    .addColumn('outcome_seq', 'integer', (c) => c.notNull())
    .addColumn('error_message', 'text')
    .addColumn('cells', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_rows_pk', ['import_id', 'row_number'])
    .execute();
  await db.schema.createIndex('result_rows_by_outcome').on('result_rows').columns(['import_id', 'outcome', 'outcome_seq']).unique().execute();

  await db.schema
    .createTable('result_search_blocks')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('outcomes', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_search_blocks_pk', ['import_id', 'first_row'])
    .execute();

  await db.schema
    .createTable('result_error_groups')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('result_error_groups_by_size').on('result_error_groups').columns(['import_id', 'row_count desc', 'first_row']).execute();

  await db.schema
    .createTable('result_raw_chunks')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', binary(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('result_raw_chunks_pk', ['import_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['result_raw_chunks', 'result_error_groups', 'result_search_blocks', 'result_rows', 'result_imports']) {
    await db.schema.dropTable(table).execute();
  }
}
