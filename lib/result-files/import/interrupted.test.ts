import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { FAKE_SOURCE, fakeZuora, gatedResponse, memoryDatabase, resultFilesContext, waitFor, zipOf } from '../../testing/result-files';
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

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'result-files-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const rowsOf = (status: ResultFileStatus) => (status.state === 'not_imported' ? 0 : status.rowsImported);

describe('an import in progress, interrupted or shared', () => {
  it('shows real progress and the first rows while the file is still arriving, labelled partial', async () => {
    const db = await memoryDatabase();
    cleanups.push(() => db.destroy());
    const gated = gatedResponse(ZIP, Math.floor(ZIP.byteLength / 2));
    const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(() => gated.response).zuora });
    expect(await importer.ensure(FAKE_SOURCE)).toMatchObject({ state: 'importing' });
    await waitFor(async () => rowsOf(await getResultFileStatus(db, FAKE_SOURCE.bulkKey)) >= 4000, 'rows');

    const status = await getResultFileStatus(db, FAKE_SOURCE.bulkKey);
    expect(status.state).toBe('importing');
    expect(status).toMatchObject({ bytesDownloaded: expect.any(Number) });
    const page = await queryRows(db, FAKE_SOURCE.bulkKey, FIRST_PAGE);
    expect(page).toMatchObject({ isPartial: true, total: status.state === 'importing' ? status.rowsImported : -1 });
    expect(page.total).toBeLessThan(20_000);
    expect(page.rows.map((r) => r.cells[0])).toEqual(Array.from({ length: 50 }, (_, i) => `K${i + 1}`));
    expect(await getOutcomeCounts(db, FAKE_SOURCE.bulkKey)).toMatchObject({ isPartial: true });
    await expect(exportResumeFile(db, FAKE_SOURCE.bulkKey)).rejects.toMatchObject({ code: 'not_ready' });

    gated.release();
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
  });

  it('never shows an import whose process was killed mid-way as complete, and redoes it on the next request', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'console.sqlite');
    const zipFile = path.join(dir, 'result.zip');
    fs.writeFileSync(zipFile, ZIP);
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/testing/result-file-crash-child.ts', dbFile, zipFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => data.toString().includes('stalled') && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = await openDatabase(dbFile);
    cleanups.push(() => db.destroy());
    const left = await getResultFileStatus(db, FAKE_SOURCE.bulkKey);
    expect(left.state).toBe('importing');
    expect(rowsOf(left)).toBeGreaterThan(0);
    expect(rowsOf(left)).toBeLessThan(20_000);
    expect((await queryRows(db, FAKE_SOURCE.bulkKey, FIRST_PAGE)).isPartial).toBe(true);

    // Its heartbeat is fresh, but its process id is gone from this machine: no need to wait 30 s.
    const fake = fakeZuora(ZIP);
    const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, staleAfterMs: 30_000 });
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', counts: EXPECTED });
    expect(fake.calls).toHaveLength(1);
    const stored = await db.selectFrom('result_row_blocks').select((s) => s.fn.sum<number>('row_count').as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(20_000); // nothing of the dead import is left
  }, 30_000);

  it('replaces an import whose process on another machine stopped sending heartbeats, rows and all', async () => {
    const db = await memoryDatabase();
    cleanups.push(() => db.destroy());
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
    const db = await memoryDatabase();
    cleanups.push(() => db.destroy());
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
    const dbFile = path.join(tempDir(), 'console.sqlite');
    const databases: Database[] = [await openDatabase(dbFile), await openDatabase(dbFile)];
    cleanups.push(() => Promise.all(databases.map((d) => d.destroy())));
    // Two importers on two connections to one database file stand for two console processes. In one
    // thread they cannot wait for each other's locks, so the second starts once the first has claimed.
    const [first, second] = databases.map((d) => new ResultFileImporter({ db: async () => d, zuora: ctx.client }));
    await ctx.control.resetStats();
    const inFirst = Array.from({ length: 10 }, () => first!.ensureSettled(source));
    expect(await first!.ensure(source)).toMatchObject({ state: 'importing' });
    const statuses = await Promise.all([...inFirst, second!.ensureSettled(source, 20)]);
    expect(statuses.every((s) => s.state === 'ready' && s.counts.all === 20_000)).toBe(true);
    expect((await ctx.control.stats()).calls['GET /v1/files/{file-id}']).toBe(1);
  });
});
