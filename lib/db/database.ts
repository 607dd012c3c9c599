import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { getConfig } from '../config';
import { migrateToLatest } from './migrate';
import type { DatabaseSchema } from './schema';

export type Database = Kysely<DatabaseSchema>;

export async function openDatabase(file: string): Promise<Database> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets the pages read while the refresher writes; busy_timeout rides out the demo's concurrent writer.
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: no fsync per commit (the refresher commits many times a second); still safe
  // against a crash of the console, only a power cut can lose the last moments.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>);
  connections.set(db, sqlite);
  return db;
}

// Kysely keeps its driver's connection private; the result-file import writes its blocks through it when it runs in the server's thread (lib/result-files/store/sqlite-block-store.ts).
const connections = new WeakMap<Database, SQLite.Database>();

/** The better-sqlite3 connection under a database opened here. */
export function sqliteConnectionOf(db: Database): SQLite.Database | undefined {
  return connections.get(db);
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'console.sqlite');
}

const globalForDb = globalThis as unknown as { database?: Promise<Database> };

/** The embedded database in the configured data folder, created and migrated on first use. */
export function getDatabase(): Promise<Database> {
  globalForDb.database ??= openDatabase(databaseFile(getConfig().dataDir)).catch((error: unknown) => {
    globalForDb.database = undefined;
    throw error;
  });
  return globalForDb.database;
}

export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
