import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbCopyCommand } from '../../scripts/db-copy';
import { COPIED_TABLES, TABLE_NAMES, copyDatabase } from './copy';
import { openDatabase, type Database } from './database';
import { migrations } from './migrate';
import { createTestPostgresDatabase, testPostgresUrl } from '../testing/test-databases';
import { listErrorGroups } from '../result-files/read/error-groups';
import { queryRows } from '../result-files/read/row-queries';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-test-'));
const drops: (() => Promise<void>)[] = [];
const opened: Database[] = [];
const AT = '2026-12-01T09:30:00.000Z';
const FIRST_PAGE = { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 1, pageSize: 50 } as const;
const PASSWORD = 'n0t-Printed_Ever';

afterAll(async () => {
  for (const db of opened) await db.destroy().catch(() => undefined);
  for (const drop of drops) await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function emptyTarget(): Promise<string> {
  const created = await createTestPostgresDatabase();
  drops.push(created.drop);
  return created.location.url;
}

async function openTarget(url: string): Promise<Database> {
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  opened.push(db);
  return db;
}

const withPassword = (url: string) => Object.assign(new URL(url), { password: PASSWORD }).toString();
const keyOf = (table: keyof typeof COPIED_TABLES) => COPIED_TABLES[table].map((c) => `"${c}"`).join(', ');

/** Every table's rows in key order, as the SQLite file holds them. */
function sourceRows(file: string): Record<string, unknown[]> {
  const source = new SQLite(file, { readonly: true });
  try {
    return Object.fromEntries(TABLE_NAMES.map((t) => [t, source.prepare(`select * from "${t}" order by ${keyOf(t)}`).all()]));
  } finally {
    source.close();
  }
}

async function targetRows(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLE_NAMES) out[t] = (await sql.raw(`select * from "${t}" order by ${keyOf(t)}`).execute(db)).rows;
  return out;
}

// Rows in every table, a real import among them: blocks of joined and of JSON cells, ranked error
// groups, a zip in chunks; odd values where a copy could bend them (a gap in the audit ids, a float
// that is not a short decimal, big epoch milliseconds, bytes 0 and 255, separators, non-ASCII).
async function fillSource(file: string): Promise<void> {
  const db = await openDatabase(file);
  await db.insertInto('mass_actions').values([
    { bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', label: 'Codes comptables — été', registered_by: 'olivia@example.com', registered_via: 'form', registered_at: AT, status: 'Completed', snapshot: JSON.stringify({ status: 'Completed', total: 1000 }), refreshed_at: AT, refresh_error: null, action_type: 'UpdateAccountingCode', uploaded_by: 'tooling@example.com', uploaded_on: '2026-12-01 01:02:03', stopping_since: null, rate_per_second: 0.1 + 0.2 },
    { bulk_key: 'ffffffffffffffffffffffffffffffff', label: null, registered_by: 'api', registered_via: 'api', registered_at: AT, status: null, snapshot: null, refreshed_at: null, refresh_error: 'HTTP 503', action_type: null, uploaded_by: null, uploaded_on: null, stopping_since: AT, rate_per_second: null },
  ]).execute();
  for (let i = 1; i <= 40; i++) {
    await db.insertInto('audit_events').values({ at: AT, actor_email: `user${i % 3}@example.com`, actor_name: i % 2 ? 'Olivia' : null, actor_role: 'operator', client_address: '10.0.0.1', kind: i % 5 ? 'stop_requested' : 'sign_in_failed', bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', summary: `event ${i}`, details: JSON.stringify({ reason: `reason ${i} ✓` }), zuora_track_id: `t${i}`, zuora_request_id: null }).execute();
  }
  // Explicit ids past a gap: the copy keeps ids, it does not renumber.
  await db.insertInto('audit_events').values([100, 101].map((id) => ({ id, at: AT, actor_email: 'admin@example.com', kind: 'session_ended', summary: `event ${id}` }))).execute();
  for (let i = 1; i <= 5; i++) await db.insertInto('sign_in_failures').values({ subject: `account:${i}`, at_ms: 1_764_547_200_123 + i, attempt_id: i % 2 ? `attempt-${i}` : null }).execute();
  // Deleted rows: SQLite never gives ids 4 and 5 again, nor may PostgreSQL.
  await db.deleteFrom('sign_in_failures').where('id', '>=', 4).execute();
  await db.insertInto('sign_in_tallies').values({ audit_event_id: 5, subject: 'address:10.0.0.1', window_ends_ms: 1_764_548_100_000, failed: 7, throttled: 2, last_at: AT }).execute();
  await db.insertInto('console_sessions').values([
    { id: 's'.repeat(64), identity: 'olivia@example.com', name: 'Olivia', method: 'local', sso_email: null, sso_groups: null, created_at: AT, ended_at: null, ended_reason: null },
    { id: 'sso-1', identity: 'sso:abc', name: 'Sam', method: 'sso', sso_email: 'sam@example.com', sso_groups: '["ops"]', created_at: AT, ended_at: AT, ended_reason: 'signed out' },
  ]).execute();

  await db.insertInto('result_imports').values({ bulk_key: 'ffffffffffffffffffffffffffffffff', status: 'failed', owner: 'pid-1', started_at: AT, heartbeat_at: AT, error_code: 'download_failed', error_message: 'Zuora answered 404', error_retryable: 1 }).execute();
  const raw = [randomBytes(150_000), Buffer.concat([Buffer.from([0, 255, 0]), randomBytes(100_000)]), Buffer.from([255])];
  const rawSize = raw.reduce((sum, b) => sum + b.byteLength, 0);
  const { id } = await db.insertInto('result_imports').values({ bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', status: 'ready', owner: 'pid-2', action_type: 'UpdateAccountingCode', started_at: AT, heartbeat_at: AT, finished_at: AT, download_size: rawSize, bytes_downloaded: rawSize, rows_imported: 1001, succeeded_count: 700, failed_count: 200, not_processed_count: 101, columns: JSON.stringify([{ name: 'Id' }, { name: 'Code' }]), csv_name: 'résultat.csv', has_bom: 1, line_ending: '\r\n', raw_size: rawSize }).returning('id').executeTakeFirstOrThrow();
  for (let block = 0; block < 4; block++) {
    const rows = Array.from({ length: 250 }, (_, i) => [`A-${block * 250 + i}`, `code ${i} — ü`, i % 7 ? '' : 'Invalid code']);
    await db.insertInto('result_row_blocks').values({ import_id: id, first_row: block * 250 + 1, row_count: 250, outcomes: Uint8Array.from(rows, (_, i) => i % 3), encoding: 0, cells: rows.map((r) => r.join('\u001f')).join('\u001e') }).execute();
  }
  await db.insertInto('result_row_blocks').values({ import_id: id, first_row: 1001, row_count: 1, outcomes: Uint8Array.from([0]), encoding: 1, cells: JSON.stringify([['A-1000', 'holds \u001f and \u001e', '😀']]) }).execute();
  await db.insertInto('result_error_groups').values([1, 2, 3].map((rank) => ({ import_id: id, rank, message: `Invalid code ${rank}`, row_count: 100 - rank, first_row: rank }))).execute();
  await db.insertInto('result_raw_chunks').values(raw.map((bytes, seq) => ({ import_id: id, seq, bytes }))).execute();

  await db.insertInto('leases').values({ name: 'refresh:a1b2c3d4e5f60718293a4b5c6d7e8f90', owner: 'instance-1', until_ms: 1_764_547_205_000, note: '{"stopped":true}', noted_at_ms: 1_764_547_204_999 }).execute();
  const upload = await db.insertInto('uploads').values({ status: 'started', action_type: 'MPU', label: 'Payments — part 1 of 2', file_name: 'payments.csv', file_bytes: Buffer.from('Billing Account ID,Payment Amount\nA-1,10\n'), byte_size: 39, file_sha256: 'a'.repeat(64), file_md5: 'b'.repeat(32), row_count: 1, preview: '{"columns":[]}', created_by: 'olivia@example.com', created_at: AT, idempotency_key: 'mac-1', bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', started_at: AT, refusal: null, parent_bulk_key: null, relation: null, part_index: 1, part_count: 2, overlap_confirmation: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('upload_row_fingerprints').values([{ fingerprint: 4_503_599_627_370_495, upload_id: upload.id, row_number: 1 }, { fingerprint: 7, upload_id: upload.id, row_number: 2 }]).execute();
  await db.insertInto('auto_stop_rules').values({ bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', after_processed: 500, failed_percent_above: 12.5, failed_above: null, source: 'operator', set_by_email: 'olivia@example.com', set_by_name: 'Olivia — été', set_at: AT, fired_at: AT, fired_summary: 'auto-stop: 80 of 500 processed rows failed (16%)', fire_outcome: '{"outcome":"stopped"}' }).execute();
  await db.insertInto('webhook_deliveries').values({ delivery_id: '3f2b8c1e-0000-4000-8000-000000000001', webhook_id: 'ops-chat', event_kind: 'stopped', bulk_key: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', payload: '{"text":"Stopped ✓"}', status: 'delivered', attempts: 2, next_attempt_at: AT, claimed_by: null, claim_expires_at: null, last_http_status: 200, last_error: null, created_at: AT, last_attempt_at: AT, delivered_at: AT }).execute();
  await db.insertInto('usage_counters').values([{ subject: 'olivia@example.com', window_start_ms: 1_764_547_200_000, count: 12 }, { subject: 'sam@example.com', window_start_ms: 1_764_547_200_000, count: 1 }]).execute();
  await db.destroy();
}

describe('db:copy', () => {
  const sourceFile = path.join(dir, 'console.sqlite');
  let targetUrl = '';
  let target: Database;
  let copied: Awaited<ReturnType<typeof copyDatabase>>;

  beforeAll(async () => {
    await fillSource(sourceFile);
    targetUrl = await emptyTarget();
    // Small batches, so the rows and the byte limits both cut tables into several INSERTs.
    copied = await copyDatabase({ from: sourceFile, to: targetUrl, batchRows: 7, batchBytes: 64 * 1024 });
    target = await openTarget(targetUrl);
  });

  it('copies every table, row for row and byte for byte', async () => {
    const expected = sourceRows(sourceFile);
    for (const table of TABLE_NAMES) expect(expected[table]?.length, `${table} has rows in the fixture`).toBeGreaterThan(0);
    expect(await targetRows(target)).toEqual(expected);
    expect(copied.tables).toEqual(TABLE_NAMES.map((table) => ({ table, rows: expected[table]?.length })));
    expect(copied.rawZipBytes).toBe(250_004);
    // Nothing in the schema the copy does not know of.
    const tables = (await target.introspection.getTables()).map((t) => t.name).filter((name) => !name.startsWith('kysely_'));
    expect(tables.sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('keeps the audit trail: same ids in the same order, still append-only, new events numbered after it', async () => {
    const ids = (await target.selectFrom('audit_events').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual([...Array.from({ length: 40 }, (_, i) => i + 1), 100, 101]);
    await expect(target.updateTable('audit_events').set({ summary: 'rewritten' }).where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(target.deleteFrom('audit_events').where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
    const { id } = await target.insertInto('audit_events').values({ at: AT, actor_email: 'new@example.com', kind: 'stop_requested', summary: 'after the move' }).returning('id').executeTakeFirstOrThrow();
    expect(id).toBe(102);
  });

  it('numbers new imports and sign-in failures after every id the source ever gave', async () => {
    expect(copied.nextIds).toEqual({ audit_events: 102, sign_in_failures: 6, result_imports: 3, uploads: 2, webhook_deliveries: 2 });
    const failure = await target.insertInto('sign_in_failures').values({ subject: 'account:new', at_ms: 1 }).returning('id').executeTakeFirstOrThrow();
    expect(failure.id).toBe(6);
    const imported = await target.insertInto('result_imports').values({ bulk_key: 'k', status: 'failed', owner: 'o', started_at: AT, heartbeat_at: AT }).returning('id').executeTakeFirstOrThrow();
    expect(imported.id).toBe(3);
  });

  it('refuses to copy into a target that holds any console row, changing nothing', async () => {
    const before = await targetRows(target);
    await expect(copyDatabase({ from: sourceFile, to: targetUrl })).rejects.toThrow(/^--to: .* already holds console data \(rows in mass_actions, audit_events.*Nothing was changed/);
    expect(await targetRows(target)).toEqual(before);

    // One row in one table is enough.
    const other = await emptyTarget();
    const db = await openTarget(other);
    await db.insertInto('leases').values({ name: 'x', owner: 'o', until_ms: 1 }).execute();
    await expect(copyDatabase({ from: sourceFile, to: other })).rejects.toThrow(/already holds console data \(rows in leases\)/);
  });

  it('rolls back a copy that fails midway: the target stays empty', async () => {
    const bad = path.join(dir, 'bad.sqlite');
    fs.copyFileSync(sourceFile, bad);
    const db = await openDatabase(bad);
    // SQLite does not enforce varchar(300); PostgreSQL does, in the last table copied, after all the others went in.
    await db.insertInto('usage_counters').values({ subject: 'x'.repeat(301), window_start_ms: 0, count: 1 }).execute();
    await db.destroy();
    const url = await emptyTarget();
    await expect(copyDatabase({ from: bad, to: url, batchRows: 7 })).rejects.toThrow(/refused a row of usage_counters.*rolled back/);
    const after = await openTarget(url);
    expect(Object.values(await targetRows(after)).flat()).toEqual([]);
    const { id } = await after.insertInto('audit_events').values({ at: AT, actor_email: 'a', kind: 'k', summary: 's' }).returning('id').executeTakeFirstOrThrow();
    expect(id).toBe(1);
  });

  it('refuses a source that is not a console database at the latest migration, without touching it', async () => {
    const behind = path.join(dir, 'behind.sqlite');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(behind) }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0006-sessions-and-sign-in-tallies')).error).toBeUndefined();
    await db.destroy();
    const bytes = fs.readFileSync(behind);
    await expect(copyDatabase({ from: behind, to: targetUrl })).rejects.toThrow(new RegExp(`^--from: .* is at migration 0006-sessions-and-sign-in-tallies, this console's latest is ${Object.keys(migrations).at(-1)}\\. Start this version of the console once on it`));
    expect(fs.readFileSync(behind).equals(bytes)).toBe(true);

    const stranger = path.join(dir, 'stranger.sqlite');
    new SQLite(stranger).exec('create table notes (x text)').close();
    await expect(copyDatabase({ from: stranger, to: targetUrl })).rejects.toThrow(/^--from: .* is not a console database/);
    fs.writeFileSync(path.join(dir, 'text.sqlite'), 'not a database, only text '.repeat(100));
    await expect(copyDatabase({ from: path.join(dir, 'text.sqlite'), to: targetUrl })).rejects.toThrow(/^--from: .* could not be read as a SQLite database/);
    await expect(copyDatabase({ from: path.join(dir, 'missing.sqlite'), to: targetUrl })).rejects.toThrow(/^--from: .* does not exist/);
  });
});

describe('npm run db:copy', () => {
  const sourceFile = path.join(dir, 'cli.sqlite');
  beforeAll(() => fillSource(sourceFile));

  async function run(...argv: string[]) {
    const lines: string[] = [];
    const code = await dbCopyCommand(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, output: lines.join('\n') };
  }

  it('migrates a bare target, copies, and says what it copied without the password', async () => {
    // A database nobody migrated: the copy migrates it first, as a console starting on it would.
    const name = `copy_bare_${process.pid}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    drops.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    const url = withPassword(testPostgresUrl(name));
    const { code, output } = await run('--from', sourceFile, `--to=${url}`);
    expect(output).not.toContain(PASSWORD);
    expect(code, output).toBe(0);
    expect(output).toMatch(/result_row_blocks\s+5 rows/);
    expect(output).toMatch(/Committed to 127\.0\.0\.1:\d+\/copy_bare_\d+: 71 rows, 0\.2 MB of raw result zips, in \d+\.\d s\./);

    const again = await run('--from', sourceFile, '--to', url);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/--to: .* already holds console data/);
    expect(again.output).not.toContain(PASSWORD);
  });

  it('names the option at fault, never the password', async () => {
    const unreachable = await run('--from', sourceFile, '--to', `postgres://console:${PASSWORD}@127.0.0.1:1/console`);
    expect(unreachable).toMatchObject({ code: 1, output: expect.stringMatching(/^--to: could not connect to PostgreSQL at 127\.0\.0\.1:1\/console/m) });
    const notUrl = await run('--from', sourceFile, '--to', `console:${PASSWORD}@db-host/console`);
    expect(notUrl).toMatchObject({ code: 1, output: expect.stringMatching(/^--to: expected a PostgreSQL URL/m) });
    const typo = await run('--from', sourceFile, `--tp=postgres://console:${PASSWORD}@db-host/console`);
    expect(typo.code).toBe(2);
    for (const { output } of [unreachable, notUrl, typo]) expect(output).not.toContain(PASSWORD);
  });

  it('runs as the npm script does, with an exit code', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const result = await promisify(execFile)(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db-copy.ts', '--from', sourceFile, '--to', `postgres://console:${PASSWORD}@127.0.0.1:1/console`], { cwd: root }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result?.code).toBe(1);
    expect(result?.stderr).toMatch(/^--to: could not connect/);
    expect(`${result?.stdout}${result?.stderr}`).not.toContain(PASSWORD);
  });

  it('copies a result file an earlier version stored with NUL in its cells and messages, which PostgreSQL text cannot hold', async () => {
    const file = path.join(dir, 'with-nul.sqlite');
    const source = await openDatabase(file);
    const bulkKey = 'e'.repeat(32);
    await source.insertInto('mass_actions').values({ bulk_key: bulkKey, label: null, registered_by: 'op', registered_via: 'form', registered_at: AT, status: 'Completed', snapshot: null, refreshed_at: AT, refresh_error: null, action_type: null, uploaded_by: null, uploaded_on: null, stopping_since: null, rate_per_second: null }).execute();
    const { id } = await source.insertInto('result_imports').values({ bulk_key: bulkKey, status: 'ready', owner: 'o', started_at: AT, heartbeat_at: AT, finished_at: AT, rows_imported: 2, failed_count: 2, columns: JSON.stringify([{ name: 'Id', kind: 'input' }, { name: 'Success', kind: 'success' }, { name: 'Error Message', kind: 'error' }]), csv_name: 'a\u0000b.csv', raw_size: 0 }).returning('id').executeTakeFirstOrThrow();
    const rows = [['A\u00001', 'N', 'bad \u0000 code'], ['A-2', 'N', 'bad \u0000 code']];
    await source.insertInto('result_row_blocks').values({ import_id: id, first_row: 1, row_count: 2, outcomes: Uint8Array.from([0, 0]), encoding: 0, cells: rows.map((r) => r.join('\u001f')).join('\u001e') }).execute();
    await source.insertInto('result_error_groups').values({ import_id: id, rank: 1, message: 'bad \u0000 code', row_count: 2, first_row: 1 }).execute();
    const before = { rows: (await queryRows(source, bulkKey, FIRST_PAGE)).rows.map((r) => r.cells), groups: await listErrorGroups(source, bulkKey) };
    await source.destroy();

    const url = await emptyTarget();
    await copyDatabase({ from: file, to: url });
    const copy = await openTarget(url);
    const after = { rows: (await queryRows(copy, bulkKey, FIRST_PAGE)).rows.map((r) => r.cells), groups: await listErrorGroups(copy, bulkKey) };
    expect(after).toEqual(before);
    expect(after.rows[0]?.[0]).toBe('A\u00001');
    await copy.destroy();
  });
});
