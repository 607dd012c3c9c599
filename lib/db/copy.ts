import 'server-only';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import { DatabaseUnreachableError, openDatabase, type Database } from './database';
import { migrations } from './migrate';
import { describePostgresUrl, withoutSecrets } from './postgres';
import type { DatabaseSchema } from './schema';
import { portableResultRow } from '../result-files/store/portable-rows';

// npm run db:copy (scripts/db-copy.ts): an embedded database moved to PostgreSQL whole, in one
// transaction on the target, so the target ends up either a faithful copy or as empty as it was.

type TableName = keyof DatabaseSchema;

/** Every table of the schema (the type makes a new one impossible to forget), in copy order, with its key. */
export const COPIED_TABLES: { readonly [T in TableName]: readonly (keyof DatabaseSchema[T] & string)[] } = {
  mass_actions: ['bulk_key'],
  audit_events: ['id'],
  sign_in_failures: ['id'],
  sign_in_tallies: ['audit_event_id'],
  console_sessions: ['id'],
  result_imports: ['id'],
  result_error_groups: ['import_id', 'rank'],
  result_row_blocks: ['import_id', 'first_row'],
  result_raw_chunks: ['import_id', 'seq'],
  leases: ['name'],
  usage_counters: ['subject', 'window_start_ms'],
  uploads: ['id'],
  upload_row_fingerprints: ['fingerprint', 'upload_id', 'row_number'],
  auto_stop_rules: ['bulk_key'],
  webhook_deliveries: ['id'],
};

export const TABLE_NAMES = Object.keys(COPIED_TABLES) as TableName[];

export interface CopyOptions {
  /** The SQLite file, opened read-only. */
  from: string;
  /** The PostgreSQL URL; its password never appears in a message. */
  to: string;
  /** A batch is one INSERT: at most this many rows… */
  batchRows?: number;
  /** …and about this many bytes, so a table of 1 MB zip chunks never sits in memory whole. */
  batchBytes?: number;
  /** Called as each table is copied (not yet committed). */
  onTable?: (table: TableName, rows: number) => void;
}

export interface CopyReport {
  target: string;
  tables: { table: TableName; rows: number }[];
  rawZipBytes: number;
  /** The id the next row of each identity column will get on the target. */
  nextIds: Record<string, number>;
  ms: number;
}

/** A failure whose message is meant for the operator: it names the option at fault and holds no password. */
export class CopyError extends Error {
  override name = 'CopyError';
}

// PostgreSQL's limit on one statement's parameters.
const MAX_PARAMETERS = 65_535;
const LOCK_TIMEOUT = '10s';
const LOCK_NOT_AVAILABLE = '55P03';

export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  // The source first: a wrong --from stops the copy before the target is even reached.
  const source = openSource(options.from);
  const target = await openTarget(options.to).catch((error: unknown) => {
    source.close();
    throw error;
  });
  try {
    const report = await target.transaction().execute((trx) => copyInto(trx, source, options));
    return { target: describePostgresUrl(options.to), ...report, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof CopyError) throw error;
    throw new CopyError(`--to: the copy failed and was rolled back, nothing was written: ${safeMessage(error, options.to)}`);
  } finally {
    source.close();
    await target.destroy();
  }
}

async function copyInto(trx: Transaction<DatabaseSchema>, source: SQLite.Database, options: CopyOptions): Promise<Omit<CopyReport, 'target' | 'ms'>> {
  // Other writers (a console already started on the target, a second copy) wait for the commit, so
  // the target is checked empty and filled as one step; lock_timeout: a busy target fails, not hangs.
  await sql`set local lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx);
  try {
    await sql`lock table ${sql.join(TABLE_NAMES.map((t) => sql.table(t)))} in exclusive mode`.execute(trx);
  } catch (error) {
    if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw error;
    throw new CopyError(`--to: the console's tables stayed locked for ${LOCK_TIMEOUT} (is a console running on the target?): ${safeMessage(error, options.to)}`);
  }
  await refuseNonEmpty(trx, options.to);
  const targetColumns = await columnsOf(trx);

  const tables: CopyReport['tables'] = [];
  let rawZipBytes = 0;
  for (const table of TABLE_NAMES) {
    const columns = sourceColumns(source, table);
    const expected = targetColumns.get(table)?.columns ?? [];
    if ([...columns].sort().join() !== [...expected].sort().join()) {
      throw new CopyError(`--from: ${table} has columns (${columns.join(', ')}), the target's has (${expected.join(', ')}): the two schemas differ, nothing was copied`);
    }
    const copied = await copyTable(source, trx, table, columns, options);
    tables.push({ table, rows: copied.rows });
    if (table === 'result_raw_chunks') rawZipBytes = copied.binaryBytes;
    options.onTable?.(table, copied.rows);
  }
  const nextIds = await advanceIdentities(trx, source, targetColumns);
  return { tables, rawZipBytes, nextIds };
}

async function openTarget(url: string): Promise<Database> {
  if (!isPostgresUrl(url)) throw new CopyError('--to: expected a PostgreSQL URL, postgres://user:password@host:5432/database');
  try {
    // Migrated to the latest version here, like a console starting on it: the copy writes into the schema it will run on.
    return await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  } catch (error) {
    if (error instanceof DatabaseUnreachableError) throw new CopyError(error.message.replace(/^DATABASE_URL:/, '--to:'));
    throw new CopyError(`--to: could not prepare ${describePostgresUrl(url)}: ${safeMessage(error, url)}`);
  }
}

function isPostgresUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') && parsed.pathname.length > 1;
  } catch {
    return false;
  }
}

// Read-only: the embedded file stays what it was, the fallback if anything about the move goes wrong.
function openSource(file: string): SQLite.Database {
  if (!fs.existsSync(file)) throw new CopyError(`--from: ${file} does not exist`);
  let source: SQLite.Database | undefined;
  try {
    source = new SQLite(file, { readonly: true, fileMustExist: true });
    // One read transaction for the whole copy: every table as of the same moment, even with a console still writing.
    source.exec('BEGIN');
    source.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    source?.close();
    throw new CopyError(`--from: ${file} could not be read as a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    checkSourceMigrations(source, file);
  } catch (error) {
    source.close();
    throw error;
  }
  return source;
}

// A source behind the latest migration is refused, not migrated: the copy never writes to it, and a
// migration is for the console to run at its start, on a file the operator has backed up.
function checkSourceMigrations(source: SQLite.Database, file: string): void {
  const recorded = source.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get();
  if (!recorded) throw new CopyError(`--from: ${file} is not a console database (it holds no record of the console's migrations)`);
  const applied = source.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  const known = Object.keys(migrations);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new CopyError(`--from: ${file} was migrated by a newer console (${unknown.join(', ')}): copy it with that version`);
  if (applied.length < known.length) {
    throw new CopyError(
      `--from: ${file} is at migration ${applied.at(-1) ?? '(none)'}, this console's latest is ${known.at(-1)}. ` +
        'Start this version of the console once on it (it migrates the file as it starts), stop it, then copy again.',
    );
  }
}

async function refuseNonEmpty(trx: Transaction<DatabaseSchema>, url: string): Promise<void> {
  const occupied: string[] = [];
  for (const table of TABLE_NAMES) {
    const { rows } = await sql<{ found: boolean }>`select exists (select 1 from ${sql.table(table)}) as found`.execute(trx);
    if (rows[0]?.found) occupied.push(table);
  }
  if (occupied.length > 0) {
    throw new CopyError(`--to: ${describePostgresUrl(url)} already holds console data (rows in ${occupied.join(', ')}); db:copy writes only into an empty database. Nothing was changed.`);
  }
}

interface TargetTable {
  columns: string[];
  identity: string | null;
}

async function columnsOf(trx: Transaction<DatabaseSchema>): Promise<Map<string, TargetTable>> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_identity: string }>`
    select table_name, column_name, is_identity from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(trx);
  const tables = new Map<string, TargetTable>();
  for (const row of rows) {
    const table = tables.get(row.table_name) ?? { columns: [], identity: null };
    table.columns.push(row.column_name);
    if (row.is_identity === 'YES') table.identity = row.column_name;
    tables.set(row.table_name, table);
  }
  return tables;
}

function sourceColumns(source: SQLite.Database, table: TableName): string[] {
  return source.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[];
}

type SourceRow = Record<string, unknown>;

async function copyTable(source: SQLite.Database, trx: Transaction<DatabaseSchema>, table: TableName, columns: string[], options: CopyOptions) {
  const key = COPIED_TABLES[table].map((column) => `"${column}"`).join(', ');
  // safeIntegers: an integer comes as a BigInt, so none is rounded on its way through a JavaScript number.
  const rows = source.prepare(`select * from "${table}" order by ${key}`).safeIntegers(true);
  const maxRows = Math.max(1, Math.min(options.batchRows ?? 500, Math.floor(MAX_PARAMETERS / columns.length)));
  const maxBytes = options.batchBytes ?? 16 * 1024 * 1024;
  const copied = { rows: 0, binaryBytes: 0 };
  let batch: SourceRow[] = [];
  let batchBytes = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`);
    try {
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`.execute(trx);
    } catch (error) {
      throw new CopyError(`--to: the target refused a row of ${table} (rows ${copied.rows + 1}–${copied.rows + batch.length} in key order): ${safeMessage(error, options.to)}. The copy was rolled back, nothing was written.`);
    }
    copied.rows += batch.length;
    batch = [];
    batchBytes = 0;
  };

  try {
    for (const stored of rows.iterate() as IterableIterator<SourceRow>) {
      const row = portableResultRow(table, stored);
      batch.push(row);
      const size = sizeOf(row);
      batchBytes += size.total;
      copied.binaryBytes += size.binary;
      if (batch.length >= maxRows || batchBytes >= maxBytes) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof CopyError) throw error;
    throw new CopyError(`--from: reading ${table} failed after ${copied.rows} rows: ${error instanceof Error ? error.message : String(error)}. The copy was rolled back, nothing was written.`);
  }
  return copied;
}

function sizeOf(row: SourceRow): { total: number; binary: number } {
  let total = 0;
  let binary = 0;
  for (const value of Object.values(row)) {
    if (typeof value === 'string') total += value.length;
    else if (value instanceof Uint8Array) {
      total += value.byteLength;
      binary += value.byteLength;
    } else total += 8;
  }
  return { total, binary };
}

// Explicit ids do not move an identity's sequence: set it past both the copied ids and every id the
// source ever gave (SQLite's autoincrement never reuses one, even of a deleted row), never backwards.
async function advanceIdentities(trx: Transaction<DatabaseSchema>, source: SQLite.Database, targetColumns: Map<string, TargetTable>): Promise<Record<string, number>> {
  const hasSequences = source.prepare(`select 1 from sqlite_master where type = 'table' and name = 'sqlite_sequence'`).get();
  const issued = new Map<string, number>(
    hasSequences ? (source.prepare('select name, seq from sqlite_sequence').raw().all() as [string, number][]) : [],
  );
  const nextIds: Record<string, number> = {};
  for (const table of TABLE_NAMES) {
    const column = targetColumns.get(table)?.identity;
    if (!column) continue;
    const { rows } = await sql<{ next: number }>`
      select setval(s.seq, greatest(coalesce(t.top, 0), ${issued.get(table) ?? 0}, coalesce(pg_sequence_last_value(s.seq), 0)) + 1, false) as next
      from (select pg_get_serial_sequence(${table}, ${column})::regclass as seq) s,
           (select max(${sql.ref(column)}) as top from ${sql.table(table)}) t`.execute(trx);
    nextIds[table] = Number(rows[0]?.next);
  }
  return nextIds;
}

function safeMessage(error: unknown, url: string): string {
  const base = error instanceof Error ? error.message : String(error);
  const detail = (error as { detail?: unknown } | null)?.detail;
  const message = typeof detail === 'string' && detail ? `${base} (${detail})` : base;
  return withoutSecrets(message, url);
}
