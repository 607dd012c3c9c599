import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, NO_MIGRATIONS, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseKind } from './dialect';
import { migrateToLatest, migrations } from './migrate';
import { postgresDialect } from './postgres';
import type { DatabaseSchema } from './schema';
import { DATABASE_KINDS, testPostgresUrl } from '../testing/test-databases';

// The last migration that changed the result tables (it dropped the old layout's imports, on purpose,
// once). Every migration after it must keep what is stored: Zuora purges its copy of a result file
// after 7 or 60 days. A new migration touching result_* moves this to itself, and this test follows.
const LAST_RESULT_FILES_MIGRATION = '0005-result-row-blocks';
const NAMES = Object.keys(migrations);
const AT = '2026-12-01T09:30:00.000Z';

type Db = Kysely<DatabaseSchema>;
const closes: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closes.splice(0)) await close();
});

let counter = 0;

// A database no migration ever ran on (the suites' test databases are copies of a migrated template).
async function bareDatabase(kind: DatabaseKind): Promise<Db> {
  if (kind === 'sqlite') {
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    closes.push(() => db.destroy());
    return db;
  }
  const name = `migrations_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const db = new Kysely<DatabaseSchema>({ dialect: postgresDialect({ url: testPostgresUrl(name), poolSize: 2 }).dialect });
  closes.push(async () => {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  return db;
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

async function expectMigrated(step: ReturnType<Migrator['migrateTo']>): Promise<void> {
  const { error, results } = await step;
  expect(error, `${results?.find((r) => r.status === 'Error')?.migrationName}: ${String(error)}`).toBeUndefined();
}

/** An import as the console stores one: a header row, blocks of joined and of JSON cells, ranked error groups, the zip in chunks. */
async function storeImport(db: Db) {
  const zip = [randomBytes(64 * 1024), Buffer.from([0, 255, 0, 1]), randomBytes(3)];
  const { id } = await db
    .insertInto('result_imports')
    .values({ bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', status: 'ready', owner: 'pid-1', action_type: 'UpdateAccountingCode', started_at: AT, heartbeat_at: AT, finished_at: AT, download_size: 65_543, bytes_downloaded: 65_543, rows_imported: 601, succeeded_count: 400, failed_count: 200, not_processed_count: 1, columns: '[{"name":"Id"}]', csv_name: 'résultat.csv', has_bom: 1, line_ending: '\r\n', raw_size: 65_543 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const blocks = [0, 1, 2].map((b) => ({ import_id: id, first_row: b * 200 + 1, row_count: 200, outcomes: Uint8Array.from({ length: 200 }, (_, i) => (i + b) % 3), encoding: 0, cells: Array.from({ length: 200 }, (_, i) => `A-${b}-${i}\u001fcode ü ${i}`).join('\u001e') }));
  blocks.push({ import_id: id, first_row: 601, row_count: 1, outcomes: Uint8Array.from([0]), encoding: 1, cells: JSON.stringify([['A-600', 'holds \u001f', '😀']]) });
  await db.insertInto('result_row_blocks').values(blocks).execute();
  await db.insertInto('result_error_groups').values([1, 2].map((rank) => ({ import_id: id, rank, message: `Invalid code ${rank}`, row_count: 100, first_row: rank }))).execute();
  await db.insertInto('result_raw_chunks').values(zip.map((bytes, seq) => ({ import_id: id, seq, bytes }))).execute();
  return readImports(db);
}

async function readImports(db: Db) {
  const bytes = (rows: { bytes?: Uint8Array; outcomes?: Uint8Array }[]) => rows.map((r) => ({ ...r, ...(r.bytes && { bytes: Buffer.from(r.bytes) }), ...(r.outcomes && { outcomes: Buffer.from(r.outcomes) }) }));
  return {
    imports: await db.selectFrom('result_imports').selectAll().orderBy('id').execute(),
    blocks: bytes(await db.selectFrom('result_row_blocks').selectAll().orderBy('import_id').orderBy('first_row').execute()),
    groups: await db.selectFrom('result_error_groups').selectAll().orderBy('import_id').orderBy('rank').execute(),
    chunks: bytes(await db.selectFrom('result_raw_chunks').selectAll().orderBy('import_id').orderBy('seq').execute()),
  };
}

/** Tables, columns, indexes and triggers: what a migration's down must give back exactly. */
async function schemaOf(db: Db, kind: DatabaseKind) {
  const tables = (await db.introspection.getTables()).map((t) => ({
    name: t.name,
    // In order: a down then up must give the columns back where they were (0004's down once reversed its list in place).
    columns: t.columns.map((c) => `${c.name} ${c.dataType} ${c.isNullable} ${c.hasDefaultValue} ${c.isAutoIncrementing}`),
  }));
  const objects =
    kind === 'sqlite'
      ? await sql<{ name: string }>`select type || ' ' || name || ' ' || coalesce(sql, '') as name from sqlite_master where type in ('index', 'trigger') order by name`.execute(db)
      : await sql<{ name: string }>`
          select indexdef as name from pg_indexes where schemaname = current_schema()
          union all select 'trigger ' || tgname from pg_trigger where not tgisinternal
          union all select 'function ' || proname from pg_proc where pronamespace = current_schema()::regnamespace
          order by name`.execute(db);
  return { tables: tables.sort((a, b) => a.name.localeCompare(b.name)), objects: objects.rows.map((r) => r.name).filter((name) => !name.includes('kysely_migration')) };
}

describe.each(DATABASE_KINDS)('migrations (%s)', (kind) => {
  it(`keep every result file imported since ${LAST_RESULT_FILES_MIGRATION}, byte for byte`, async () => {
    expect(NAMES).toContain(LAST_RESULT_FILES_MIGRATION);
    const db = await bareDatabase(kind);
    await expectMigrated(migrator(db).migrateTo(LAST_RESULT_FILES_MIGRATION));
    const stored = await storeImport(db);
    expect(stored.blocks).toHaveLength(4);
    await migrateToLatest(db as Kysely<unknown>);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(NAMES);
    expect(await readImports(db)).toEqual(stored);
  });

  it('undo and redo, one migration at a time, to the same schema', async () => {
    const db = await bareDatabase(kind);
    const m = migrator(db);
    // snapshots[i]: the schema with the first i migrations applied.
    const snapshots = [await schemaOf(db, kind)];
    for (const name of NAMES) {
      await expectMigrated(m.migrateTo(name));
      snapshots.push(await schemaOf(db, kind));
    }
    for (let applied = NAMES.length; applied > 0; applied--) {
      await expectMigrated(m.migrateDown());
      expect(await schemaOf(db, kind), `down of ${NAMES[applied - 1]}`).toEqual(snapshots[applied - 1]);
      await expectMigrated(m.migrateUp());
      expect(await schemaOf(db, kind), `up of ${NAMES[applied - 1]} after its down`).toEqual(snapshots[applied]);
      await expectMigrated(m.migrateDown());
    }
    await expectMigrated(m.migrateTo(NO_MIGRATIONS));
    await migrateToLatest(db as Kysely<unknown>);
    expect(await schemaOf(db, kind)).toEqual(snapshots.at(-1));
    // The trail's triggers came back with it.
    const { id } = await db.insertInto('audit_events').values({ at: AT, actor_email: 'a@example.com', kind: 'stop_requested', summary: 's' }).returning('id').executeTakeFirstOrThrow();
    await expect(db.deleteFrom('audit_events').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
  });
});
