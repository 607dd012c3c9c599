import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import type { DatabaseKind } from '../../db/dialect';
import { captureLogs } from '../../testing/log-capture';
import type { ChildArguments } from '../../testing/result-file-crash-child';
import { FAKE_SOURCE, fakeZuora, gatedResponse, resultFilesContext, sharedTestDatabase, waitFor, zipOf } from '../../testing/result-files';
import { describeEachDatabase } from '../../testing/test-databases';
import { getOutcomeCounts } from '../read/counts';
import { exportResumeFile } from '../export/exports';
import { claimImport } from '../store/import-records';
import { ResultFileImporter } from './importer';
import { queryRows } from '../read/row-queries';
import { getResultFileStatus } from '../read/status';
import type { ResultFileStatus } from '../shared/types';

// 20,000 rows: every 7th failed, the last 5,000 never processed.
const CSV = `Object Key,Success,Error Message\n${Array.from({ length: 20_000 }, (_, i) => (i >= 15_000 ? `K${i + 1},,` : (i + 1) % 7 === 0 ? `K${i + 1},N,Closed period` : `K${i + 1},Y,`)).join('\n')}\n`;
const ZIP = zipOf({ 'codes_response.csv': CSV });
const EXPECTED = { succeeded: 12_858, failed: 2_142, notProcessed: 5_000, all: 20_000 };
const FIRST_PAGE = { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 1, pageSize: 50 } as const;

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Child = ChildProcessByStdio<Writable, Readable, null>;

const rowsOf = (status: ResultFileStatus) => (status.state === 'not_imported' ? 0 : status.rowsImported);

async function shared(kind: DatabaseKind) {
  const database = await sharedTestDatabase(kind);
  cleanups.push(() => database.remove());
  return database;
}

/** Another console process importing FAKE_SOURCE (result-file-crash-child.ts), once it says it stalled half-way. */
async function stalledProcess(args: Omit<ChildArguments, 'zipFile'>): Promise<Child> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'result-files-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const zipFile = path.join(dir, 'result.zip');
  fs.writeFileSync(zipFile, ZIP);
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/testing/result-file-crash-child.ts', JSON.stringify({ ...args, zipFile } satisfies ChildArguments)], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
  await nextLine(child, (line) => line === 'stalled');
  return child;
}

function nextLine(child: Child, wanted: (line: string) => boolean): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onData = (data: Buffer) => {
      buffered += data.toString();
      const line = buffered.split('\n').find(wanted);
      if (line === undefined) return;
      child.stdout.off('data', onData);
      resolve(line);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the child exited early (${code})`)));
  });
}

async function blocksByImport(db: Database): Promise<Map<number, number>> {
  const rows = await db.selectFrom('result_row_blocks').select((s) => ['import_id', s.fn.sum<number>('row_count').as('rows')]).groupBy('import_id').execute();
  return new Map(rows.map((r) => [r.import_id, Number(r.rows)]));
}

describeEachDatabase('an import in progress, interrupted or shared', (open, kind) => {
  it('shows real progress and the first rows while the file is still arriving, labelled partial', async () => {
    const db = await open();
    const gated = gatedResponse(ZIP, Math.floor(ZIP.byteLength / 2));
    const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(() => gated.response).zuora });
    expect(await importer.ensure(FAKE_SOURCE)).toMatchObject({ state: 'importing' });
    await waitFor(async () => rowsOf(await getResultFileStatus(db, FAKE_SOURCE.bulkKey)) >= 4000, 'rows');

    const status = await getResultFileStatus(db, FAKE_SOURCE.bulkKey);
    expect(status.state).toBe('importing');
    expect(status).toMatchObject({ bytesDownloaded: expect.any(Number) });
    const page = await queryRows(db, FAKE_SOURCE.bulkKey, FIRST_PAGE);
    // The rows already buffered may still be arriving: the page counts what was stored when it was read.
    const after = await getResultFileStatus(db, FAKE_SOURCE.bulkKey);
    expect(page.isPartial).toBe(true);
    expect(page.total).toBeGreaterThanOrEqual(rowsOf(status));
    expect(page.total).toBeLessThanOrEqual(rowsOf(after));
    expect(page.total % 1000).toBe(0);
    expect(page.total).toBeLessThan(20_000);
    expect(page.rows.map((r) => r.cells[0])).toEqual(Array.from({ length: 50 }, (_, i) => `K${i + 1}`));
    expect(await getOutcomeCounts(db, FAKE_SOURCE.bulkKey)).toMatchObject({ isPartial: true });
    await expect(exportResumeFile(db, FAKE_SOURCE.bulkKey)).rejects.toMatchObject({ code: 'not_ready' });

    gated.release();
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
  });

  it('never shows an import whose process was killed mid-way (SIGKILL) as complete, and redoes it on the next request', async () => {
    const database = await shared(kind);
    const child = await stalledProcess({ location: database.location });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = await database.open();
    const left = await getResultFileStatus(db, FAKE_SOURCE.bulkKey);
    expect(left.state).toBe('importing');
    expect(rowsOf(left)).toBeGreaterThan(0);
    expect(rowsOf(left)).toBeLessThan(20_000);
    expect((await queryRows(db, FAKE_SOURCE.bulkKey, FIRST_PAGE)).isPartial).toBe(true);
    // Whole blocks only, each counted by the progress committed with it: the kill lost nothing committed.
    const [dead] = [...(await blocksByImport(db))];
    expect(dead?.[1]).toBe(rowsOf(left));

    // Its heartbeat is fresh, but its process id is gone from this machine: no need to wait 30 s.
    const fake = fakeZuora(ZIP);
    const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, staleAfterMs: 30_000 });
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
    expect(fake.calls).toHaveLength(1);
    const current = await db.selectFrom('result_imports').select('id').executeTakeFirstOrThrow();
    expect(await blocksByImport(db)).toEqual(new Map([[current.id, 20_000]])); // nothing of the dead import is left
  }, 30_000);

  it('takes over from a live process that stopped reporting progress; what that process stores afterwards is refused', async () => {
    const database = await shared(kind);
    // A process that hangs: alive (its id exists), but neither storing nor sending heartbeats.
    const child = await stalledProcess({ location: database.location, heartbeatMs: 3_600_000, isResumable: true });
    const db = await database.open();
    const record = () => db.selectFrom('result_imports').selectAll().executeTakeFirstOrThrow();
    // It said so after its first block: the rest of the half it got is still being stored.
    let stalled = await record();
    await waitFor(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [before, now] = [stalled.rows_imported, (stalled = await record()).rows_imported];
      return now === before;
    }, 'the other process to stall');
    expect((await blocksByImport(db)).get(stalled.id)).toBe(stalled.rows_imported);
    expect(stalled.rows_imported).toBeLessThan(20_000);
    expect(await getResultFileStatus(db, FAKE_SOURCE.bulkKey)).toMatchObject({ state: 'importing' });
    // While its heartbeat counts as fresh, the import stays the other process's.
    const fake = fakeZuora(ZIP);
    const patient = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, staleAfterMs: 60_000 });
    expect(await patient.ensure(FAKE_SOURCE)).toMatchObject({ state: 'importing', rowsImported: stalled.rows_imported });
    expect(fake.calls).toHaveLength(0);

    const logs = captureLogs();
    const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, logger: logs.logger, staleAfterMs: 300 });
    await waitFor(async () => Date.parse(stalled.heartbeat_at) < Date.now() - 400, 'the heartbeat to age');

    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
    expect(logs.lines.some((line) => line.includes('result file import restarted'))).toBe(true);
    const taken = await db.selectFrom('result_imports').selectAll().executeTakeFirstOrThrow();
    expect(taken.id).not.toBe(stalled.id);
    expect(await blocksByImport(db)).toEqual(new Map([[taken.id, 20_000]])); // the stalled import's blocks are gone

    // The hung process wakes up: its next commit finds its import gone, it stores nothing more and says so.
    child.stdin.write('resume\n');
    const ended = JSON.parse(await nextLine(child, (line) => line.startsWith('{'))) as { isTakenOver: boolean; status: ResultFileStatus };
    expect(ended).toMatchObject({ isTakenOver: true, status: { state: 'ready', counts: EXPECTED } });
    expect(await db.selectFrom('result_imports').select(['id', 'status', 'rows_imported']).execute()).toEqual([{ id: taken.id, status: 'ready', rows_imported: 20_000 }]);
    expect(await blocksByImport(db)).toEqual(new Map([[taken.id, 20_000]]));
    expect((await queryRows(db, FAKE_SOURCE.bulkKey, { ...FIRST_PAGE, sort: 'row-desc' })).rows[0]).toMatchObject({ rowNumber: 20_000, cells: ['K20000', '', ''] });
  }, 30_000);

  it('replaces an import whose process on another machine stopped sending heartbeats, rows and all', async () => {
    const db = await open();
    const long = new Date(Date.now() - 10 * 60_000).toISOString();
    const { id } = await db
      .insertInto('result_imports')
      .values({ bulk_key: FAKE_SOURCE.bulkKey, status: 'importing', owner: 'other-host|4242|abcd', started_at: long, heartbeat_at: long, rows_imported: 1, columns: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('result_row_blocks').values({ import_id: id, first_row: 1, row_count: 1, outcomes: new Uint8Array([2]), encoding: 0, cells: 'left over' }).execute();
    expect(await getResultFileStatus(db, FAKE_SOURCE.bulkKey)).toMatchObject({ state: 'importing', rowsImported: 1 });

    const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(ZIP).zuora, staleAfterMs: 30_000 });
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
    expect(await db.selectFrom('result_row_blocks').select('cells').where('import_id', '=', id).execute()).toEqual([]);
    expect((await queryRows(db, FAKE_SOURCE.bulkKey, FIRST_PAGE)).rows[0]?.cells).toEqual(['K1', 'Y', '']);
  });

  it('leaves an import that is still alive in another process alone', async () => {
    const db = await open();
    const now = new Date().toISOString();
    await db.insertInto('result_imports').values({ bulk_key: FAKE_SOURCE.bulkKey, status: 'importing', owner: 'other-host|4242|abcd', started_at: now, heartbeat_at: now }).execute();
    const fake = fakeZuora(ZIP);
    const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, staleAfterMs: 60_000 });
    expect(await importer.ensure(FAKE_SOURCE)).toMatchObject({ state: 'importing', rowsImported: 0 });
    expect(fake.calls).toHaveLength(0);
    // Two processes claiming at the same instant: the unique index on live imports lets one through.
    expect(await claimImport(db, { bulkKey: FAKE_SOURCE.bulkKey, actionType: null, owner: 'me', at: now, replacing: [] })).toBeNull();
  });

  it('shares one download among concurrent requests, in one process and across two', async () => {
    const ctx = await resultFilesContext();
    cleanups.push(() => ctx.close());
    const bulkKey = await ctx.upload({ name: 'codes.csv', bytes: new TextEncoder().encode(`Object Key,Object Type\n${'K,Invoice Item\n'.repeat(20_000)}`) }, { pendingMs: 0, rowsPerSecond: 1_000_000 });
    const { outputUrl, actionType } = await ctx.settled(bulkKey);
    const source = { bulkKey, outputUrl, actionType };
    const database = await shared(kind);
    const databases: Database[] = [await database.open(), await database.open()];
    // Two importers on two handles on one database stand for two console processes. In one thread
    // they cannot wait for each other's locks, so the second starts once the first has claimed.
    const [first, second] = databases.map((d) => new ResultFileImporter({ db: async () => d, zuora: ctx.client }));
    await ctx.control.resetStats();
    const inFirst = Array.from({ length: 10 }, () => first!.ensureSettled(source));
    expect(await first!.ensure(source)).toMatchObject({ state: 'importing' });
    const statuses = await Promise.all([...inFirst, second!.ensureSettled(source, 20)]);
    expect(statuses.every((s) => s.state === 'ready' && s.counts.all === 20_000)).toBe(true);
    expect((await ctx.control.stats()).calls['GET /v1/files/{file-id}']).toBe(1);
  });
});
