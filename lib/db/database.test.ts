import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from './database';
import { databaseKindOf } from './dialect';
import { createTestPostgresDatabase, describeEachDatabase } from '../testing/test-databases';

const event = { at: '2026-12-01T00:00:00.000Z', actor_email: 'olivia@example.com', kind: 'stop_requested', summary: 'stop' };

describeEachDatabase('the database', (open, kind) => {
  it('opens the kind it was asked for, migrated', async () => {
    const db = await open();
    expect(databaseKindOf(db)).toBe(kind);
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['mass_actions', 'audit_events', 'result_imports', 'result_row_blocks', 'console_sessions']));
  });

  it('keeps the audit trail append-only: UPDATE and DELETE fail in the database itself', async () => {
    const db = await open();
    const { id } = await db.insertInto('audit_events').values(event).returning('id').executeTakeFirstOrThrow();
    await expect(db.updateTable('audit_events').set({ summary: 'rewritten' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    if (kind === 'postgres') await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('audit_events').select('summary').execute()).toEqual([{ summary: 'stop' }]);
  });

  it('answers counts and big integers as numbers, bytes as bytes', async () => {
    const db = await open();
    await db.insertInto('sign_in_failures').values({ subject: 's', at_ms: 1_764_547_200_123 }).execute();
    const row = await db.selectFrom('sign_in_failures').select((eb) => ['at_ms', eb.fn.countAll().as('n')]).groupBy('at_ms').executeTakeFirstOrThrow();
    expect(row).toEqual({ at_ms: 1_764_547_200_123, n: 1 });
    const { id } = await db.insertInto('result_imports').values({ bulk_key: 'k', status: 'failed', owner: 'o', started_at: event.at, heartbeat_at: event.at }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('result_raw_chunks').values({ import_id: id, seq: 0, bytes: new Uint8Array([0, 255, 7]) }).execute();
    const chunk = await db.selectFrom('result_raw_chunks').select('bytes').executeTakeFirstOrThrow();
    expect([...chunk.bytes]).toEqual([0, 255, 7]);
  });
});

describe('PostgreSQL', () => {
  it('migrates once when several instances start at the same moment', async () => {
    // An empty database, not the migrated template: a raw one made by hand.
    const created = await createTestPostgresDatabase();
    const { location } = created;
    const bare = `${location.url}_bare`;
    const seed = await openDatabase(location);
    await sql.raw(`CREATE DATABASE "${new URL(bare).pathname.slice(1)}"`).execute(seed);
    await seed.destroy();
    const starts = await Promise.allSettled(Array.from({ length: 3 }, () => openDatabase({ ...location, url: bare })));
    const opened = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(starts.filter((s) => s.status === 'rejected')).toEqual([]);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(opened[0] as Database);
      expect(applied.rows.map((r) => r.name)).toEqual([...new Set(applied.rows.map((r) => r.name))]);
      expect(applied.rows.length).toBeGreaterThanOrEqual(6);
    } finally {
      for (const db of opened) await db.destroy();
      const cleanup = await openDatabase(location);
      await sql.raw(`DROP DATABASE "${new URL(bare).pathname.slice(1)}" WITH (FORCE)`).execute(cleanup);
      await cleanup.destroy();
      await created.drop();
    }
  });

  it('refuses to start against a server it cannot reach, naming the variable and never the password', async () => {
    const url = 'postgres://console:s3cret-Pa55@127.0.0.1:1/console';
    const error = await openDatabase({ kind: 'postgres', url, poolSize: 1 }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^DATABASE_URL: could not connect to PostgreSQL at 127\.0\.0\.1:1\/console/);
    expect(error?.message).not.toContain('s3cret-Pa55');
  });
});
