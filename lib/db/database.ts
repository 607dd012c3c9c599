import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { getConfig } from '../config';
import { migrateToLatest } from './migrate';
import { describePostgresUrl, postgresDialect, withoutSecrets, type PostgresOptions } from './postgres';
import type { DatabaseSchema } from './schema';

export type Database = Kysely<DatabaseSchema>;

/** Where a database lives: a SQLite file (or ':memory:'), or a PostgreSQL server. */
export type DatabaseLocation = { kind: 'sqlite'; file: string } | ({ kind: 'postgres' } & PostgresOptions);

/** Opens and migrates a database; a plain string is a SQLite file. */
export async function openDatabase(location: string | DatabaseLocation): Promise<Database> {
  const where: DatabaseLocation = typeof location === 'string' ? { kind: 'sqlite', file: location } : location;
  const db = where.kind === 'sqlite' ? openSqlite(where.file) : await openPostgres(where);
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  locations.set(db, where);
  return db;
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets the pages read while the refresher writes; busy_timeout rides out the demo's concurrent writer.
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: no fsync per commit (the refresher commits many times a second); still safe
  // against a crash of the console, only a power cut can lose the last moments.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  connections.set(db, sqlite);
  return db;
}

async function openPostgres(options: DatabaseLocation & { kind: 'postgres' }): Promise<Database> {
  const { dialect, pool } = postgresDialect(options);
  const db = new Kysely<DatabaseSchema>({ dialect });
  try {
    // Reached now, so a wrong URL or a server that is down stops the start with a clear message.
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const reason = withoutSecrets(error instanceof Error ? error.message || String((error as NodeJS.ErrnoException).code) : String(error), options.url);
    throw new DatabaseUnreachableError(`DATABASE_URL: could not connect to PostgreSQL at ${describePostgresUrl(options.url)}: ${reason}`);
  }
  return db;
}

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

// Kysely keeps its driver's connection private; the result-file import writes its blocks through it
// when it runs in the server's thread (lib/result-files/store/sqlite-block-store.ts), and its store
// thread opens its own connection to the same place. Kept on globalThis: the server's bundles (the
// startup check, each route) each have their own copy of this module, and share the one database.
const globalForMaps = globalThis as unknown as { databaseConnections?: WeakMap<Database, SQLite.Database>; databaseLocations?: WeakMap<Database, DatabaseLocation> };
const connections = (globalForMaps.databaseConnections ??= new WeakMap());
const locations = (globalForMaps.databaseLocations ??= new WeakMap());

/** The better-sqlite3 connection under a SQLite database opened here. */
export function sqliteConnectionOf(db: Database): SQLite.Database | undefined {
  return connections.get(db);
}

/** Where a database opened here lives: a worker thread opens its own connection to it. */
export function locationOf(db: Database): DatabaseLocation | undefined {
  return locations.get(db);
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'console.sqlite');
}

const globalForDb = globalThis as unknown as { database?: Promise<Database> };

/** The configured database (the SQLite file in DATA_DIR, or DATABASE_URL's server), opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  globalForDb.database ??= openDatabase(configuredLocation()).catch((error: unknown) => {
    globalForDb.database = undefined;
    throw error;
  });
  return globalForDb.database;
}

export function configuredLocation(): DatabaseLocation {
  const { database } = getConfig();
  return database.kind === 'sqlite' ? database : { kind: 'postgres', url: database.url, poolSize: database.poolSize };
}

export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
