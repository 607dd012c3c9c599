import { sql, type Kysely } from 'kysely';
import { binary } from './portable';

// Result rows move from one indexed row per record (result_rows, plus their lower-case text in
// result_search_blocks) to blocks of consecutive rows, one database row per block: storing 500,000
// records one by one cost seconds of inserts and index upkeep, a block costs one insert. Error groups
// are counted in memory while the file is read and written once, ranked, when the import completes.
// Files imported in the old layout are forgotten and imported again on their next view (their zips
// are fetched again from Zuora).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('result_rows').execute();
  await db.schema.dropTable('result_search_blocks').execute();
  await db.schema.dropTable('result_error_groups').execute();
  await sql`delete from result_raw_chunks`.execute(db);
  await sql`delete from result_imports`.execute(db);

  await db.schema
    .createTable('result_row_blocks')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    // Before the cells on purpose: SQLite reads a row's columns in order, so the outcomes of every
    // block are read without touching the cells' overflow pages.
    .addColumn('outcomes', binary(db), (c) => c.notNull())
    .addColumn('encoding', 'integer', (c) => c.notNull())
    .addColumn('cells', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_row_blocks_pk', ['import_id', 'first_row'])
    .execute();

  // rank: 1 for the largest group (ties: the one seen first). Written in rank order, so the one index grows at its end.
  await db.schema
    .createTable('result_error_groups')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_error_groups_pk', ['import_id', 'rank'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('result_row_blocks').execute();
  await db.schema.dropTable('result_error_groups').execute();
  await sql`delete from result_raw_chunks`.execute(db);
  await sql`delete from result_imports`.execute(db);
  // 0003's tables, empty.
  await db.schema
    .createTable('result_rows')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'integer', (c) => c.notNull())
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
}
