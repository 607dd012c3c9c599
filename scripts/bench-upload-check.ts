// npm run bench:upload-check [-- --rounds 5 --uploads 1000 --database sqlite|postgres|both --layout compact|console --prototype sorted,parallel]
// Checks and fingerprints an upload at Zuora's 4 MB limit, as the start page does before a mass action
// is started: a 4 MB CSV (~67,000 UpdateAccountingCode rows), and a 4 MB zip (~670,000 rows, ~40 MB
// unzipped), which is also split into 4 MB parts as "the rest" of such a file would be. Each round runs
// in a fresh process, so its peak memory is its own; the median round is printed.
//
// Then the double-upload guard's lookup (lib/mass-actions/upload-guard.ts findOverlaps, as checkUpload
// calls it): --uploads earlier uploads of the 4 MB CSV's row count are seeded into a fresh database
// (each a started upload with its registered mass action; their file bytes left out), their
// fingerprints distinct except 1,000 rows shared with the new file by one running upload. The new
// file's fingerprints are then looked up, --rounds times in a fresh process with the operating
// system's cache warm (the first lookup of each is "cold": the database's own cache is empty, and
// --rounds warm ones follow), and --rounds times after the database's files are dropped from the
// operating system's page cache (per file, `dd iflag=nocache`). Seeding is timed apart. Asserts that
// the overlap found is exactly the seeded one: exits non-zero otherwise.
//
// --layout compact (the default, ~2 min to seed 67 million rows) builds the indexes after the rows, so
// they are packed and their pages lie in key order on disk, which flatters the page-cache-dropped
// figure; --layout console (~12 min) inserts upload after upload into the indexes, as the console does.
// --prototype measures changes to findOverlaps beside it (see LookupVariant); PostgreSQL runs on a
// throwaway server (lib/testing/postgres-server.ts), stopped at the end.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, sqliteConnectionOf, type Database, type DatabaseLocation } from '../lib/db/database';
import { findOverlaps, type OverlapReport } from '../lib/mass-actions/upload-guard';
import { startPostgresServer, type PostgresServer } from '../lib/testing/postgres-server';
import { checkUploadFile } from '../lib/uploads/file-check';
import { MAX_UPLOAD_BYTES } from '../lib/uploads/shared/upload-size';
import { splitCsv } from '../lib/uploads/split';

const say = (line = '') => process.stdout.write(`${line}\n`);
const MB = 1024 * 1024;
const OVERLAP_ROWS = 1_000;
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const count = (value: number) => value.toLocaleString('en-US');
const size = (bytes: number) => (bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(2)} GB` : `${(bytes / MB).toFixed(0)} MB`);

interface Figures {
  rows: number;
  /** The check reads each row once, fingerprinting it as it goes. */
  checkMs: number;
  splitMs: number | null;
  parts: number | null;
  totalMs: number;
  peakRssMb: number;
  addedRssMb: number;
}

/** One round, in this process: the file's bytes in, figures out on the last line. */
function measure(file: string): void {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const checked = checkUploadFile({ name: path.basename(file), bytes, actionType: 'UpdateAccountingCode' });
  const checkedAt = performance.now();
  if (!checked.ok) throw new Error(`the bench file was refused: ${JSON.stringify(checked.problems)}`);
  let parts: number | null = null;
  if (checked.file.csv.byteLength > MAX_UPLOAD_BYTES) {
    const split = splitCsv(checked.file.csv, { bounds: checked.file.bounds });
    if (!split.ok) throw new Error(split.problem.message);
    parts = split.parts.length;
  }
  const ended = performance.now();
  const peak = process.resourceUsage().maxRSS * 1024;
  const figures: Figures = {
    rows: checked.file.rowFingerprints.length, checkMs: checkedAt - started,
    splitMs: parts === null ? null : ended - checkedAt, parts, totalMs: ended - started,
    peakRssMb: peak / MB, addedRssMb: (peak - before) / MB,
  };
  say(JSON.stringify(figures));
}

/** UpdateAccountingCode rows as a finance team's export holds them, as many as fit in `bytes`. */
function accountingCodeCsv(bytes: number): Uint8Array {
  const types = ['Invoice Item', 'Invoice Item Adjustment', 'Credit Memo Item', 'Debit Memo Item', 'Revenue Schedule'];
  const lines = ['Object Key,Object Type,Deferred Revenue Accounting Code,Recognized Revenue Accounting Code\n'];
  let size = lines[0]!.length;
  for (let i = 0; ; i++) {
    const line = `8a8aa1b2${String(i).padStart(24, '0')},${types[i % types.length]},2${String(4100 + (i % 37)).padStart(4, '0')},4${String(1000 + (i % 53)).padStart(4, '0')}\n`;
    if (size + line.length > bytes) return new TextEncoder().encode(lines.join(''));
    lines.push(line);
    size += line.length;
  }
}

/** A zip just under the limit: the CSV sized by the compression ratio of a first try. */
function fullZip(): Uint8Array {
  const zip = (csv: Uint8Array) => zipSync({ 'accounting-codes.csv': csv }, { level: 6 });
  const trial = accountingCodeCsv(24 * MB);
  const ratio = zip(trial).byteLength / trial.byteLength;
  return zip(accountingCodeCsv((MAX_UPLOAD_BYTES * 0.98) / ratio));
}

function median(runs: Figures[]): Figures {
  return [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((runs.length - 1) / 2)]!;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs this script again with `args`; its last stdout line, parsed. */
function runChild<T>(args: string[], what: string): T {
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${what} failed (${child.status}): ${child.stderr.slice(-1500)}`);
  return JSON.parse(line) as T;
}

// ---------------------------------------------------------------------------------------------------
// The earlier uploads. Stored fingerprint i (0 ≤ i < total = uploads × rows) is
//   i × stride + jitter(i),  stride = ⌊2⁵² / total⌋,  0 ≤ jitter(i) < stride,
// so they are distinct, spread evenly over the 52 bits as real ones are (the new file's, from SHA-256,
// fall among them, not past them), and in increasing order of i: SQLite appends them to its primary
// key's B-tree. Which upload and row holds fingerprint i is a permutation of the slots
// (slot = upload × rows + row − 1): slot(i) = (step × i + offset) mod total, so an upload's rows are
// scattered over the key space. PostgreSQL inserts in slot order (its heap then holds the rows upload
// after upload, as the console writes them) and inverts the permutation. The slots of the shared rows,
// and of any seeded fingerprint that happens to equal one of the new file's, hold explicit values.

const JITTER = 40_000_003;

type SeedOrder = 'compact' | 'console';

interface Layout {
  uploads: number;
  rows: number;
  total: number;
  stride: number;
  step: number;
  stepInverse: number;
  offset: number;
  /** The running upload that shares rows with the new file (0-based). */
  sharing: number;
  /** Slots that hold the explicit rows below instead of their generated fingerprint. */
  explicit: { slot: number; fingerprint: number }[];
  /** Rows of the new file (1-based) that the sharing upload holds. */
  sharedNewRows: number[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function modInverse(value: number, modulus: number): number {
  let [oldR, r] = [BigInt(value), BigInt(modulus)];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return Number(((oldS % BigInt(modulus)) + BigInt(modulus)) % BigInt(modulus));
}

function generatedFingerprint(layout: Layout, i: number): number {
  return i * layout.stride + (((i % layout.stride) * JITTER) % layout.stride);
}

function slotOf(layout: Layout, i: number): number {
  return Number((BigInt(layout.step) * BigInt(i) + BigInt(layout.offset)) % BigInt(layout.total));
}

function planLayout(uploads: number, newFingerprints: number[]): Layout {
  const rows = newFingerprints.length;
  const total = uploads * rows;
  if (rows < OVERLAP_ROWS) throw new Error(`the new file has ${rows} rows, fewer than the ${OVERLAP_ROWS} to share`);
  if (total > 2 ** 31) throw new Error('too many rows to seed');
  let step = Math.floor(total * 0.6180339887);
  while (gcd(step, total) !== 1) step++;
  const layout: Layout = {
    uploads, rows, total, stride: Math.floor(2 ** 52 / total), step, stepInverse: modInverse(step, total), offset: Math.floor(total / 3),
    sharing: Math.floor(uploads / 2), explicit: [], sharedNewRows: [],
  };
  const newSet = new Set(newFingerprints);
  // Spread over both files: row 1 + ⌊j·rows/1000⌋ of the new file is row rows − ⌊j·rows/1000⌋ of the earlier one.
  for (let j = 0; j < OVERLAP_ROWS; j++) {
    const newRow = 1 + Math.floor((j * rows) / OVERLAP_ROWS);
    const storedRow = rows - Math.floor((j * rows) / OVERLAP_ROWS);
    layout.sharedNewRows.push(newRow);
    layout.explicit.push({ slot: layout.sharing * rows + storedRow - 1, fingerprint: newFingerprints[newRow - 1]! });
  }
  // A generated fingerprint equal to one of the new file's (about 1 in 1,000 runs) is moved up by one.
  const sharedSlots = new Set(layout.explicit.map((e) => e.slot));
  for (const f of newSet) {
    const i = Math.floor(f / layout.stride);
    if (i >= total || generatedFingerprint(layout, i) !== f) continue;
    const slot = slotOf(layout, i);
    if (sharedSlots.has(slot)) continue;
    const moved = f + 1;
    if (newSet.has(moved) || (i + 1 < total && generatedFingerprint(layout, i + 1) === moved)) throw new Error(`cannot move the seeded fingerprint ${f} off the new file's`);
    layout.explicit.push({ slot, fingerprint: moved });
  }
  return layout;
}

const bulkKeyOf = (n: number) => `bench${String(n).padStart(27, '0')}`;
const startedAtOf = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();

/** What findOverlaps must answer: the sharing upload, running, with exactly the shared rows. */
function expectedReport(layout: Layout): OverlapReport {
  const n = layout.sharing;
  return { running: [{ bulkKey: bulkKeyOf(n), label: `earlier upload ${n + 1}`, status: 'Processing', startedAt: startedAtOf(n), rows: OVERLAP_ROWS, succeeded: null }], succeeded: [], unknown: [] };
}

/** The uploads and their registered mass actions (as upload-guard.test.ts's), ids 1… in order. */
async function seedUploads(db: Database, layout: Layout): Promise<number> {
  const at = '2026-11-01T09:00:00.000Z';
  let firstId = 0;
  for (let start = 0; start < layout.uploads; start += 100) {
    const batch = Array.from({ length: Math.min(100, layout.uploads - start) }, (_, i) => start + i);
    const inserted = await db.insertInto('uploads').values(batch.map((n) => ({
      status: 'started', action_type: 'UpdateAccountingCode', label: `earlier upload ${n + 1}`, file_name: `earlier-${n + 1}.csv`, file_bytes: new Uint8Array([1]),
      byte_size: MAX_UPLOAD_BYTES, file_sha256: n.toString(16).padStart(64, '0'), file_md5: n.toString(16).padStart(32, '0'), row_count: layout.rows, preview: '{}',
      created_by: 'op@example.com', created_at: at, idempotency_key: `bench-${n}`, bulk_key: bulkKeyOf(n), started_at: startedAtOf(n), refusal: null,
      parent_bulk_key: null, relation: null, part_index: null, part_count: null, overlap_confirmation: null,
    }))).returning('id').execute();
    inserted.forEach(({ id }, i) => {
      if (start + i === 0) firstId = id;
      if (id !== firstId + start + i) throw new Error('the seeded uploads did not get consecutive ids');
    });
    await db.insertInto('mass_actions').values(batch.map((n, i) => ({
      bulk_key: bulkKeyOf(n), label: `earlier upload ${n + 1}`, registered_by: 'op@example.com', registered_via: 'console', registered_at: at,
      status: n === layout.sharing ? 'Processing' : 'Completed', snapshot: null, refreshed_at: at, refresh_error: null, action_type: 'UpdateAccountingCode',
      uploaded_by: null, uploaded_on: null, stopping_since: null, rate_per_second: null, upload_id: inserted[i]!.id,
    }))).execute();
  }
  return firstId;
}

function progress(done: number, total: number, started: number): void {
  if (process.stdout.isTTY) process.stdout.write(`\r  seeding… ${((100 * done) / total).toFixed(0)} % (${Math.round((performance.now() - started) / 1000)} s)`);
}

/**
 * SQLite: one transaction of multi-row INSERTs. `compact`: in fingerprint order, the (upload_id, row_number)
 * index built after, so both indexes are packed and the primary key's pages lie in key order on disk.
 * `console`: upload after upload, both indexes in place, as storeRowFingerprints writes them.
 */
async function seedSqlite(db: Database, layout: Layout, order: SeedOrder): Promise<void> {
  const firstId = await seedUploads(db, layout);
  const conn = sqliteConnectionOf(db);
  if (!conn) throw new Error('not a SQLite database');
  // Seeding only: no journal of the pages appended, no fsync; the bench's lookups run in WAL as the console does.
  conn.pragma('journal_mode = DELETE');
  conn.pragma('synchronous = OFF');
  conn.pragma(`cache_size = ${order === 'compact' ? -262144 : -1048576}`);
  const indexSql = (conn.prepare("select sql from sqlite_master where type = 'index' and name = 'upload_row_fingerprints_upload'").get() as { sql: string }).sql;
  if (order === 'compact') conn.exec('drop index upload_row_fingerprints_upload');
  const PER_STATEMENT = 500;
  const insertMany = conn.prepare(`insert into upload_row_fingerprints (fingerprint, upload_id, row_number) values ${Array(PER_STATEMENT).fill('(?, ?, ?)').join(', ')}`);
  const insertOne = conn.prepare('insert into upload_row_fingerprints (fingerprint, upload_id, row_number) values (?, ?, ?)');
  const explicit = new Set(layout.explicit.map((e) => e.slot));
  const started = performance.now();
  conn.transaction(() => {
    const params: number[] = [];
    const add = (i: number, slot: number) => {
      if (explicit.has(slot)) return;
      const upload = Math.floor(slot / layout.rows);
      params.push(generatedFingerprint(layout, i), firstId + upload, slot - upload * layout.rows + 1);
      if (params.length === PER_STATEMENT * 3) {
        insertMany.run(params);
        params.length = 0;
      }
    };
    if (order === 'compact') {
      // i in order, its slot stepping through the permutation.
      let slot = layout.offset;
      for (let i = 0; i < layout.total; i++) {
        add(i, slot);
        slot += layout.step;
        if (slot >= layout.total) slot -= layout.total;
        if (i % 1_000_000 === 0) progress(i, layout.total, started);
      }
    } else {
      // Slots in order, i stepping through the inverse permutation.
      let i = Number((BigInt(layout.total - layout.offset) * BigInt(layout.stepInverse)) % BigInt(layout.total));
      for (let slot = 0; slot < layout.total; slot++) {
        add(i, slot);
        i += layout.stepInverse;
        if (i >= layout.total) i -= layout.total;
        if (slot % 1_000_000 === 0) progress(slot, layout.total, started);
      }
    }
    for (let p = 0; p < params.length; p += 3) insertOne.run(params[p], params[p + 1], params[p + 2]);
    for (const { slot: s, fingerprint } of layout.explicit) insertOne.run(fingerprint, firstId + Math.floor(s / layout.rows), (s % layout.rows) + 1);
  })();
  if (process.stdout.isTTY) process.stdout.write('\r  building the (upload_id, row_number) index…     ');
  if (order === 'compact') conn.exec(indexSql);
  if (process.stdout.isTTY) process.stdout.write('\r');
  conn.pragma('journal_mode = WAL');
}

/**
 * PostgreSQL: INSERT … SELECT generate_series in upload order, then VACUUM ANALYZE. `compact`: its primary
 * key and index dropped first and built after (as the migration defines them); `console`: kept in place.
 */
async function seedPostgres(db: Database, url: string, layout: Layout, order: SeedOrder): Promise<void> {
  const firstId = await seedUploads(db, layout);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set maintenance_work_mem = '1GB'");
    const { rows: indexes } = await client.query<{ name: string; definition: string; constraint: string | null }>(`
      select i.relname as name, pg_get_indexdef(i.oid) as definition, pg_get_constraintdef(c.oid) as constraint
      from pg_index x join pg_class i on i.oid = x.indexrelid left join pg_constraint c on c.conindid = i.oid
      where x.indrelid = 'upload_row_fingerprints'::regclass`);
    if (indexes.length !== 2) throw new Error(`upload_row_fingerprints has ${indexes.length} indexes, not the migration's 2`);
    if (order === 'compact') for (const index of indexes) await client.query(index.constraint ? `alter table upload_row_fingerprints drop constraint ${index.name}` : `drop index ${index.name}`);
    const { total, rows, stride, stepInverse, offset } = layout;
    const explicitSlots = layout.explicit.map((e) => e.slot);
    const CHUNK = 2_000_000;
    const started = performance.now();
    await client.query('begin');
    for (let lo = 0; lo < total; lo += CHUNK) {
      const hi = Math.min(total, lo + CHUNK) - 1;
      await client.query(`
        insert into upload_row_fingerprints (fingerprint, upload_id, row_number)
        select i * ${stride} + ((i % ${stride}) * ${JITTER}) % ${stride}, (${firstId} + slot / ${rows})::int, (slot % ${rows} + 1)::int
        from (select slot, ((slot - ${offset} + ${total}) % ${total}) * ${stepInverse} % ${total} as i from generate_series(${lo}::bigint, ${hi}::bigint) as slot) as g
        where slot <> all($1::bigint[])`, [explicitSlots.filter((s) => s >= lo && s <= hi)]);
      progress(hi + 1, total, started);
    }
    await client.query(`insert into upload_row_fingerprints (fingerprint, upload_id, row_number) select * from unnest($1::bigint[], $2::int[], $3::int[])`, [
      layout.explicit.map((e) => e.fingerprint), layout.explicit.map((e) => firstId + Math.floor(e.slot / rows)), layout.explicit.map((e) => (e.slot % rows) + 1),
    ]);
    await client.query('commit');
    if (process.stdout.isTTY) process.stdout.write('\r  building the primary key and index…         ');
    if (order === 'compact') for (const index of indexes) await client.query(index.constraint ? `alter table upload_row_fingerprints add constraint ${index.name} ${index.constraint}` : index.definition);
    if (process.stdout.isTTY) process.stdout.write('\r  vacuum analyze…                          ');
    // What autovacuum would have done by now: the visibility map set (index-only scans), statistics read.
    await client.query('vacuum (analyze) upload_row_fingerprints');
    await client.query('analyze uploads');
    await client.query('analyze mass_actions');
    await client.query('checkpoint');
    if (process.stdout.isTTY) process.stdout.write('\r');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------
// The lookup, in a fresh process.

interface LookupArgs {
  location: DatabaseLocation;
  fingerprintsFile: string;
  warm: number;
  variant: LookupVariant;
}

/**
 * 'as-is': findOverlaps. Prototypes of a change to it: 'sorted', the fingerprints sorted (in the timed
 * part) before it, as a sort in it would; 'parallel', matchingRows's query run on 4 key ranges of the
 * sorted list at once (PostgreSQL: over the pool's 4 connections; SQLite: 4 worker threads, each with
 * its own connection, started before the clock as a pool would be), then findOverlaps on the rows
 * matched (its query again for those ~1,000 only: a few ms the change would not spend).
 */
type LookupVariant = 'as-is' | 'sorted' | 'parallel';
const VARIANT_NAMES: Record<LookupVariant, string> = { 'as-is': 'findOverlaps as it is', sorted: 'prototype: fingerprints sorted first', parallel: 'prototype: 4 key ranges at once' };
const PARALLEL = 4;

interface MatchedRow {
  fingerprint: number;
  upload_id: number;
  row_number: number;
}

/** matchingRows's query on several parts of the sorted list at once; close() ends any workers. */
function parallelMatcher(db: Database, location: DatabaseLocation): { match: (fingerprints: number[]) => Promise<MatchedRow[]>; close: () => Promise<void> } {
  const split = (fingerprints: number[]) => {
    const wanted = [...new Set(fingerprints)].sort((a, b) => a - b);
    const size = Math.ceil(wanted.length / PARALLEL);
    return Array.from({ length: PARALLEL }, (_, i) => wanted.slice(i * size, (i + 1) * size)).filter((part) => part.length > 0);
  };
  if (location.kind === 'postgres') {
    const query = (part: number[]) => sql<MatchedRow>`
      select fingerprint, upload_id, row_number from upload_row_fingerprints
      where fingerprint = any(${part}::bigint[]) and upload_id <> ${-1}`.execute(db);
    return { match: async (fingerprints) => (await Promise.all(split(fingerprints).map(query))).flatMap((r) => r.rows), close: async () => undefined };
  }
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const SQLite = require(workerData.module);
    const db = new SQLite(workerData.file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const query = db.prepare(workerData.sql);
    parentPort.on('message', (json) => parentPort.postMessage(query.all(json, -1)));`;
  const workerData = { module: createRequire(import.meta.url).resolve('better-sqlite3'), file: location.file, sql: SQLITE_MATCHING_ROWS };
  const workers = Array.from({ length: PARALLEL }, () => new Worker(source, { eval: true, workerData }));
  const ask = (worker: Worker, part: number[]) => new Promise<MatchedRow[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(JSON.stringify(part));
  });
  return {
    match: async (fingerprints) => (await Promise.all(split(fingerprints).map((part, i) => ask(workers[i]!, part)))).flat(),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

interface LookupRun {
  ms: number;
  /** RSS just before the lookup, and its peak during it (MB). */
  rssBeforeMb: number;
  peakMb: number;
}

interface LookupFigures {
  /** The first lookup of the process (its database connection new), then the warm ones. */
  cold: LookupRun;
  warm: LookupRun[];
  report: OverlapReport;
  sameEveryTime: boolean;
}

/** VmRSS and VmHWM (the peak, which writing 5 to clear_refs resets) of this process, in MB. */
function memory(): { rss: number; peak: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function resetPeak(): void {
  fs.writeFileSync('/proc/self/clear_refs', '5');
}

async function lookup(args: LookupArgs): Promise<void> {
  const fingerprints = JSON.parse(fs.readFileSync(args.fingerprintsFile, 'utf8')) as number[];
  const db = await openDatabase(args.location);
  const matcher = args.variant === 'parallel' ? parallelMatcher(db, args.location) : null;
  try {
    const overlaps = async (): Promise<OverlapReport> => {
      if (args.variant === 'sorted') return findOverlaps(db, [...fingerprints].sort((a, b) => a - b));
      if (!matcher) return findOverlaps(db, fingerprints);
      const matched = await matcher.match(fingerprints);
      return findOverlaps(db, [...new Set(matched.map((m) => Number(m.fingerprint)))]);
    };
    if (matcher) await matcher.match([0]);
    const measured = async (): Promise<{ run: LookupRun; report: OverlapReport }> => {
      resetPeak();
      const rssBeforeMb = memory().rss;
      const started = performance.now();
      const report = await overlaps();
      return { run: { ms: performance.now() - started, rssBeforeMb, peakMb: memory().peak }, report };
    };
    const { run: cold, report } = await measured();
    const warm: LookupRun[] = [];
    let sameEveryTime = true;
    for (let run = 0; run < args.warm; run++) {
      const again = await measured();
      warm.push(again.run);
      sameEveryTime &&= isDeepStrictEqual(again.report, report);
    }
    const figures: LookupFigures = { cold, warm, report, sameEveryTime };
    say(JSON.stringify(figures));
  } finally {
    await matcher?.close();
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------
// Sizes, cache eviction and plans.

interface Sizes {
  total: number;
  /** upload_row_fingerprints: its rows, its primary key, its (upload_id, row_number) index. */
  table: number;
  primaryKey: number;
  uploadIndex: number;
}

function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`].filter((f) => fs.existsSync(f));
}

async function sqliteSizes(file: string): Promise<Sizes> {
  const db = await openDatabase(file);
  try {
    const rows = sqliteConnectionOf(db)!.prepare('select name, pgsize from dbstat where aggregate = true').all() as { name: string; pgsize: number }[];
    const of = (name: string) => rows.find((r) => r.name === name)?.pgsize ?? 0;
    return { total: 0, table: of('upload_row_fingerprints'), primaryKey: of('sqlite_autoindex_upload_row_fingerprints_1'), uploadIndex: of('upload_row_fingerprints_upload') };
  } finally {
    await db.destroy();
  }
}

async function postgresInfo(url: string): Promise<{ sizes: Sizes; files: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (query: string) => Object.values((await client.query(query)).rows[0] as Record<string, unknown>)[0];
    const sizes: Sizes = {
      total: Number(await one('select pg_database_size(current_database())')),
      table: Number(await one("select pg_table_size('upload_row_fingerprints')")),
      primaryKey: Number(await one("select pg_relation_size('upload_row_fingerprints_pk')")),
      uploadIndex: Number(await one("select pg_relation_size('upload_row_fingerprints_upload')")),
    };
    const dataDir = String(await one('show data_directory'));
    const bases = ['upload_row_fingerprints', 'upload_row_fingerprints_pk', 'upload_row_fingerprints_upload'];
    const files: string[] = [];
    for (const base of bases) {
      const relative = String(await one(`select pg_relation_filepath('${base}')`));
      const dir = path.join(dataDir, path.dirname(relative));
      const name = path.basename(relative);
      for (const entry of fs.readdirSync(dir)) if (entry === name || entry.startsWith(`${name}.`) || entry.startsWith(`${name}_`)) files.push(path.join(dir, entry));
    }
    return { sizes, files };
  } finally {
    await client.end();
  }
}

/** Drops these files' pages from the operating system's page cache (theirs only); false when it cannot. */
function evict(files: string[]): boolean {
  if (files.length === 0) return false;
  const done = spawnSync('sh', ['-c', 'sync "$@" && for f; do dd if="$f" iflag=nocache count=0 status=none || exit 1; done', 'evict', ...files], { encoding: 'utf8' });
  return done.status === 0;
}

/** The share of these files' pages in the page cache, per fincore (null when it is not installed). */
function cachedShare(files: string[]): number | null {
  const done = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES,SIZE', ...files], { encoding: 'utf8' });
  if (done.status !== 0) return null;
  let resident = 0;
  let total = 0;
  for (const line of done.stdout.trim().split('\n')) {
    const [res, all] = line.trim().split(/\s+/).map(Number);
    resident += res ?? 0;
    total += all ?? 0;
  }
  return total ? resident / total : null;
}

// The query of upload-guard.ts matchingRows, as it sends it: kept in step by hand.
const SQLITE_MATCHING_ROWS = `select f.fingerprint, f.upload_id, f.row_number from json_each(?) as wanted
    join upload_row_fingerprints as f on f.fingerprint = wanted.value
    where f.upload_id <> ?`;
const POSTGRES_MATCHING_ROWS = `select fingerprint, upload_id, row_number from upload_row_fingerprints
      where fingerprint = any($1::bigint[]) and upload_id <> $2`;

async function plan(location: DatabaseLocation, fingerprints: number[]): Promise<string[]> {
  const wanted = [...new Set(fingerprints)];
  if (location.kind === 'sqlite') {
    const db = await openDatabase(location);
    try {
      const rows = sqliteConnectionOf(db)!.prepare(`explain query plan ${SQLITE_MATCHING_ROWS}`).all(JSON.stringify(wanted), -1) as { detail: string }[];
      return rows.map((r) => r.detail);
    } finally {
      await db.destroy();
    }
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${POSTGRES_MATCHING_ROWS}`, [wanted, -1]);
    return rows.map((r) => r['QUERY PLAN'].replace(/'\{[^}]*\}'/g, "'{…}'").slice(0, 160));
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------

type Kind = 'sqlite' | 'postgres';
const NAMES: Record<Kind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

interface Variant {
  name: string;
  warmRounds: LookupFigures[];
  coldRounds: LookupFigures[] | null;
  cachedBeforeCold: number | null;
}

interface OverlapResult {
  kind: Kind;
  seedMs: number;
  sizes: Sizes;
  /** findOverlaps as it is, then any prototype. */
  variants: Variant[];
  plan: string[];
  correct: boolean;
  found: string;
}

async function overlapBench(kind: Kind, layout: Layout, options: { dir: string; fingerprintsFile: string; fingerprints: number[]; rounds: number; server: PostgresServer | null; order: SeedOrder; prototypes: LookupVariant[] }): Promise<OverlapResult> {
  const { dir, fingerprintsFile, fingerprints, rounds, server, order } = options;
  say();
  say(`[${NAMES[kind]}] seeding ${count(layout.uploads)} uploads × ${count(layout.rows)} rows = ${count(layout.total)} fingerprints (${order} layout)…`);
  let location: DatabaseLocation;
  if (kind === 'sqlite') {
    location = { kind: 'sqlite', file: path.join(dir, 'overlap.sqlite') };
  } else {
    const admin = new pg.Client({ connectionString: server!.url });
    await admin.connect();
    await admin.query('create database bench_overlap');
    await admin.end();
    location = { kind: 'postgres', url: server!.urlFor('bench_overlap'), poolSize: 4 };
  }
  const seedStarted = performance.now();
  const db = await openDatabase(location);
  try {
    if (location.kind === 'sqlite') await seedSqlite(db, layout, order);
    else await seedPostgres(db, location.url, layout, order);
    const stored = await db.selectFrom('upload_row_fingerprints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(stored.n) !== layout.total) throw new Error(`seeded ${stored.n} fingerprints, not ${layout.total}`);
  } finally {
    await db.destroy();
  }
  const seedMs = performance.now() - seedStarted;
  say(`  seeded in ${(seedMs / 1000).toFixed(0)} s (not in the figures)`);

  let sizes: Sizes;
  let files: string[];
  if (location.kind === 'sqlite') {
    sizes = await sqliteSizes(location.file);
    files = sqliteFiles(location.file);
    sizes.total = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  } else {
    ({ sizes, files } = await postgresInfo(location.url));
  }

  const variants: Variant[] = [];
  for (const variant of ['as-is', ...options.prototypes] as LookupVariant[]) {
    const name = VARIANT_NAMES[variant];
    const args = (warm: number) => ['--lookup', JSON.stringify({ location, fingerprintsFile, warm, variant } satisfies LookupArgs)];
    const warmRounds: LookupFigures[] = [];
    for (let round = 0; round < rounds; round++) warmRounds.push(runChild<LookupFigures>(args(rounds), `${NAMES[kind]} lookup round ${round + 1}`));
    say(`  ${name}: in a fresh process, first ${warmRounds.map((r) => Math.round(r.cold.ms)).join(', ')} ms; then ${warmRounds.flatMap((r) => r.warm.map((w) => Math.round(w.ms))).join(', ')} ms`);
    let coldRounds: LookupFigures[] | null = [];
    let cachedBeforeCold: number | null = null;
    for (let round = 0; round < rounds && coldRounds; round++) {
      if (!evict(files)) {
        coldRounds = null;
        break;
      }
      if (round === 0) cachedBeforeCold = cachedShare(files);
      coldRounds.push(runChild<LookupFigures>(args(0), `${NAMES[kind]} cold lookup round ${round + 1}`));
    }
    if (coldRounds) say(`  ${name}: after dropping the files from the page cache (${cachedBeforeCold === null ? '?' : (100 * cachedBeforeCold).toFixed(1)} % left in it), ${coldRounds.map((r) => Math.round(r.cold.ms)).join(', ')} ms`);
    variants.push({ name, warmRounds, coldRounds, cachedBeforeCold });
  }

  const expected = expectedReport(layout);
  const all = variants.flatMap((v) => [...v.warmRounds, ...(v.coldRounds ?? [])]);
  const correct = all.every((r) => r.sameEveryTime && isDeepStrictEqual(r.report, expected));
  const got = all.find((r) => !isDeepStrictEqual(r.report, expected))?.report ?? all[0]!.report;
  const found = [...got.running.map((o) => `${count(o.rows)} rows running in ${o.label}`), ...got.succeeded.map((o) => `${count(o.rows)} succeeded in ${o.label}`), ...got.unknown.map((o) => `${count(o.rows)} unknown in ${o.label}`)].join('; ') || 'none';
  if (!correct) say(`  WRONG OVERLAP: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  return { kind, seedMs, sizes, variants, plan: await plan(location, fingerprints), correct, found };
}

function printOverlapTable(results: OverlapResult[], layout: Layout, check: Figures, order: SeedOrder): void {
  const line = (label: string, cells: string[]) => say(`  ${label.padEnd(46)}${cells.map((c) => c.padStart(26)).join('')}`);
  const each = (f: (r: OverlapResult) => string) => results.map(f);
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  const cold = (v: Variant) => medianOf(v.warmRounds.map((x) => x.cold.ms));
  const firsts = (v: Variant) => [...v.warmRounds, ...(v.coldRounds ?? [])].map((x) => x.cold);
  const warms = (v: Variant) => v.warmRounds.flatMap((x) => x.warm);
  say();
  say(`Overlap lookup: a new 4 MB CSV (${count(layout.rows)} rows) against ${count(layout.uploads)} earlier uploads of ${count(layout.rows)} rows ` +
    `(${count(layout.total)} stored fingerprints, ${order} layout), ${count(OVERLAP_ROWS)} rows shared with one running upload. Node ${process.version}, ${os.cpus().length} cores.`);
  line('', each((r) => NAMES[r.kind]));
  line('seeding (apart, not in the figures)', each((r) => `${(r.seedMs / 1000).toFixed(0)} s`));
  line('database on disk', each((r) => size(r.sizes.total)));
  line('  upload_row_fingerprints rows', each((r) => size(r.sizes.table)));
  line('  its primary key (fingerprint, upload, row)', each((r) => size(r.sizes.primaryKey)));
  line('  its (upload_id, row_number) index', each((r) => size(r.sizes.uploadIndex)));
  line('check + fingerprints of the new file', each(() => ms(check.checkMs)));
  const variantCount = Math.max(...results.map((r) => r.variants.length));
  for (let v = 0; v < variantCount; v++) {
    const of = (f: (variant: Variant) => string) => each((r) => { const variant = r.variants[v]; return variant ? f(variant) : 'n/a'; });
    if (variantCount > 1) line(`${results[0]!.variants[v]!.name}:`, []);
    line('lookup, first in a fresh process (median)', of((x) => ms(cold(x))));
    line('lookup, page cache dropped first (median)', of((x) => (x.coldRounds ? ms(medianOf(x.coldRounds.map((y) => y.cold.ms))) : 'n/a')));
    line(`lookup, warm (median of ${warms(results[0]!.variants[0]!).length})`, of((x) => ms(medianOf(warms(x).map((w) => w.ms)))));
    line('check + first lookup', of((x) => ms(check.checkMs + cold(x))));
    line('RSS before the first lookup (median)', of((x) => mb(medianOf(firsts(x).map((y) => y.rssBeforeMb)))));
    line('peak RSS during a lookup (highest)', of((x) => mb(Math.max(...[...firsts(x), ...warms(x)].map((y) => y.peakMb)))));
    line('RSS growth, first lookup (median / highest)', of((x) => { const g = firsts(x).map((y) => y.peakMb - y.rssBeforeMb); return `+${mb(medianOf(g))} / +${mb(Math.max(...g))}`; }));
    line('RSS growth, warm lookup (median / highest)', of((x) => { const g = warms(x).map((y) => y.peakMb - y.rssBeforeMb); return g.length ? `+${mb(medianOf(g))} / +${mb(Math.max(...g))}` : 'n/a'; }));
  }
  line('overlap found', each((r) => (r.correct ? 'as seeded ✓' : 'WRONG ✗')));
  say(`  (found: ${results.map((r) => `${NAMES[r.kind]}: ${r.found}`).join(' · ')})`);
  say(`  check + fingerprints: the 4 MB CSV's median round above (peak ${check.peakRssMb.toFixed(0)} MB RSS in its own process). RSS is the console's process:`);
  say('  a PostgreSQL server\'s own memory is not in it, and dropping the page cache leaves its shared_buffers (128 MB) as they were. The seeded');
  say('  uploads keep 1 byte of file each (the console keeps the whole file: ~4 MB more each).');
  if (order === 'compact') say('  Compact layout: the indexes\' pages lie in key order on disk, which flatters "page cache dropped"; --layout console for the console\'s.');
  for (const r of results) {
    say();
    say(`  ${NAMES[r.kind]} plan of upload-guard.ts matchingRows${r.kind === 'postgres' ? ' (EXPLAIN ANALYZE, BUFFERS)' : ' (EXPLAIN QUERY PLAN)'}:`);
    for (const step of r.plan) say(`    ${step}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' }, uploads: { type: 'string', default: '1000' }, database: { type: 'string', default: 'sqlite' },
      layout: { type: 'string', default: 'compact' }, prototype: { type: 'string', default: '' },
      child: { type: 'string' }, lookup: { type: 'string' },
    },
  });
  if (values.child) return measure(values.child);
  if (values.lookup) return lookup(JSON.parse(values.lookup) as LookupArgs);
  const rounds = Number(values.rounds);
  const uploads = Number(values.uploads);
  if (!['sqlite', 'postgres', 'both'].includes(values.database)) throw new Error(`--database is sqlite, postgres or both, not ${values.database}`);
  if (!Number.isInteger(uploads) || uploads < 1) throw new Error('--uploads is a whole number of earlier uploads');
  if (values.layout !== 'compact' && values.layout !== 'console') throw new Error(`--layout is compact or console, not ${values.layout}`);
  const order: SeedOrder = values.layout;
  const prototypes = values.prototype.split(',').filter(Boolean) as LookupVariant[];
  if (prototypes.some((p) => p !== 'sorted' && p !== 'parallel')) throw new Error(`--prototype is a list of sorted, parallel, not ${values.prototype}`);
  const kinds: Kind[] = values.database === 'both' ? ['sqlite', 'postgres'] : [values.database as Kind];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-check-'));
  let server: PostgresServer | null = null;
  try {
    const files = [
      { label: '4 MB CSV', file: path.join(dir, 'accounting-codes.csv'), bytes: accountingCodeCsv(MAX_UPLOAD_BYTES) },
      { label: '4 MB zip', file: path.join(dir, 'accounting-codes.zip'), bytes: fullZip() },
    ];
    say(`Checking and fingerprinting uploads at Zuora's 4 MB limit, ${rounds} rounds each in a fresh process (median shown).`);
    const medians: Figures[] = [];
    for (const { label, file, bytes } of files) {
      fs.writeFileSync(file, bytes);
      const runs: Figures[] = [];
      for (let round = 0; round < rounds; round++) runs.push(runChild<Figures>(['--child', file], `round ${round + 1}`));
      const m = median(runs);
      medians.push(m);
      say();
      say(`${label}: ${(bytes.byteLength / MB).toFixed(2)} MB, ${m.rows.toLocaleString('en-US')} rows`);
      say(`  check and fingerprints ${ms(m.checkMs)}${m.splitMs === null ? '' : ` · split into ${m.parts} parts ${ms(m.splitMs)}`} · total ${ms(m.totalMs)} (all rounds: ${runs.map((r) => Math.round(r.totalMs)).join(', ')} ms)`);
      say(`  peak memory ${m.peakRssMb.toFixed(0)} MB RSS, ${m.addedRssMb.toFixed(0)} MB of it added by the check`);
    }

    // The new file's fingerprints as checkUpload stores and looks them up.
    const { storedFingerprint } = await import('../lib/mass-actions/start-service');
    const checked = checkUploadFile({ name: 'accounting-codes.csv', bytes: files[0]!.bytes, actionType: 'UpdateAccountingCode' });
    if (!checked.ok) throw new Error('the bench file was refused');
    const fingerprints = checked.file.rowFingerprints.map(storedFingerprint);
    const fingerprintsFile = path.join(dir, 'new-file-fingerprints.json');
    fs.writeFileSync(fingerprintsFile, JSON.stringify(fingerprints));
    const layout = planLayout(uploads, fingerprints);
    if (kinds.includes('postgres')) server = await startPostgresServer();
    const results: OverlapResult[] = [];
    for (const kind of kinds) {
      results.push(await overlapBench(kind, layout, { dir, fingerprintsFile, fingerprints, rounds, server, order, prototypes }));
      if (kind === 'sqlite') fs.rmSync(path.join(dir, 'overlap.sqlite'), { force: true });
    }
    printOverlapTable(results, layout, medians[0]!, order);
    if (results.some((r) => !r.correct)) {
      say('\nThe overlap found is not the one seeded.');
      process.exitCode = 1;
    }
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
