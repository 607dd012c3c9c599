import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseLocation } from '../db/database';
import type { DatabaseKind } from '../db/dialect';

// Every unit test that touches the database runs once on SQLite and once on PostgreSQL, from one suite:
//
//   describeEachDatabase('the registry', (open) => {
//     it('…', async () => { const db = await open(); … });
//   });
//
// The PostgreSQL server is the throwaway one vitest's global setup starts (postgres-global-setup.ts);
// each open() gets a database of its own, copied from a migrated template, dropped after the test.

export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];
export const TEMPLATE_DATABASE = 'console_template';

export function testPostgresUrl(database = 'postgres'): string {
  const url = process.env.CONSOLE_TEST_POSTGRES_URL;
  if (!url) throw new Error('No test PostgreSQL server: the unit tests start one in their global setup (vitest.config.mts).');
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

let admin: pg.Pool | null = null;
let counter = 0;

/** A new, migrated, empty database on the test server; drop() removes it. */
export async function createTestPostgresDatabase(): Promise<{ location: DatabaseLocation & { kind: 'postgres' }; drop: () => Promise<void> }> {
  admin ??= new pg.Pool({ connectionString: testPostgresUrl(), max: 2 });
  const name = `test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withRetry(() => admin!.query(`CREATE DATABASE "${name}" TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    location: { kind: 'postgres', url: testPostgresUrl(name), poolSize: 5 },
    drop: async () => {
      await admin!.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

// Two test files copying the template at the same moment: PostgreSQL refuses the second while the first holds it.
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export type OpenTestDatabase = () => Promise<Database>;
/** `count` handles on one fresh database, as several console instances would have (a SQLite file, or one PostgreSQL database). */
export type OpenTestInstances = (count: number) => Promise<Database[]>;

/** Opens a fresh database of `kind`; with `cleanup`, what it opened is closed and dropped after each test. */
export function testDatabaseOpener(kind: DatabaseKind): { open: OpenTestDatabase; openInstances: OpenTestInstances; location: () => Promise<DatabaseLocation>; cleanup: () => Promise<void> } {
  const opened: Database[] = [];
  const drops: (() => Promise<void>)[] = [];
  const shared = async (): Promise<DatabaseLocation> => {
    if (kind === 'postgres') return location();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-test-'));
    drops.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return { kind: 'sqlite', file: path.join(dir, 'console.sqlite') };
  };
  const location = async (): Promise<DatabaseLocation> => {
    if (kind === 'sqlite') return { kind: 'sqlite', file: ':memory:' };
    const created = await createTestPostgresDatabase();
    drops.push(created.drop);
    return created.location;
  };
  return {
    location,
    open: async () => {
      const db = await openDatabase(await location());
      opened.push(db);
      return db;
    },
    openInstances: async (count) => {
      const where = await shared();
      const handles: Database[] = [];
      // One after another: the first migrates, the others find it done.
      for (let i = 0; i < count; i++) handles.push(await openDatabase(where));
      opened.push(...handles);
      return handles;
    },
    cleanup: async () => {
      // A test may have closed its database itself; a second destroy only fails.
      for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
      for (const drop of drops.splice(0)) await drop();
    },
  };
}

/** The suite, once per database kind; `open` gives each test fresh databases, closed after it. */
export function describeEachDatabase(name: string, suite: (open: OpenTestDatabase, kind: DatabaseKind, openInstances: OpenTestInstances) => void): void {
  describe.each(DATABASE_KINDS)(`${name} (%s)`, (kind) => {
    const opener = testDatabaseOpener(kind);
    afterEach(opener.cleanup);
    suite(opener.open, kind, opener.openInstances);
  });
}
