import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import type { DatabaseKind } from '../../db/dialect';
import { captureLogs } from '../../testing/log-capture';
import { FAKE_SOURCE, fakeZuora, gatedResponse, memoryDatabase, sharedTestDatabase, waitFor, zipOf } from '../../testing/result-files';
import { describeEachDatabase } from '../../testing/test-databases';
import { listErrorGroups } from '../read/error-groups';
import { ResultFileImporter } from '../import/importer';
import { queryRows } from '../read/row-queries';

// 5,000 rows, every 4th failed with one of two messages.
const CSV = `Object Key,Success,Error Message\r\n${Array.from({ length: 5_000 }, (_, i) => ((i + 1) % 4 === 0 ? `K${i + 1},N,${i % 3 ? 'Closed period' : '"Not found, ""K"""'}` : `K${i + 1},Y,`)).join('\r\n')}\r\n`;
const ZIP = zipOf({ 'codes_response.csv': CSV });

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function importInto(db: Database, zip: Uint8Array, source = FAKE_SOURCE) {
  const logs = captureLogs();
  const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(zip).zuora, logger: logs.logger });
  return { status: await importer.ensureSettled(source), logs };
}

/** A database a store thread can open too: a SQLite file, or PostgreSQL. */
async function threadedDatabase(kind: DatabaseKind): Promise<Database> {
  const database = await sharedTestDatabase(kind);
  cleanups.push(() => database.remove());
  return database.open();
}

async function blockCount(db: Database, importId?: number): Promise<number> {
  let query = db.selectFrom('result_row_blocks').select((s) => s.fn.countAll<number>().as('n'));
  if (importId !== undefined) query = query.where('import_id', '=', importId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describeEachDatabase('where the CSV is parsed and stored', (open, kind) => {
  it('in worker threads, with the same rows and error groups as SQLite in memory, in the server thread', async () => {
    const threaded = await threadedDatabase(kind);
    const inMemory = await memoryDatabase();
    cleanups.push(() => inMemory.destroy());

    const [worker, here] = [await importInto(threaded, ZIP), await importInto(inMemory, ZIP)];
    expect(worker.status).toMatchObject({ state: 'ready', counts: { succeeded: 3_750, failed: 1_250, notProcessed: 0, all: 5_000 } });
    expect(worker.logs.lines.join('\n')).not.toContain('did not start'); // the only way to the server thread's import
    expect(here.status).toMatchObject({ state: 'ready', counts: { all: 5_000 } });

    const page = { outcome: 'failed', search: '', template: '', sort: 'row-desc', page: 2, pageSize: 100 } as const;
    expect(await queryRows(threaded, FAKE_SOURCE.bulkKey, page)).toEqual(await queryRows(inMemory, FAKE_SOURCE.bulkKey, page));
    expect((await queryRows(threaded, FAKE_SOURCE.bulkKey, { ...page, search: 'not found, "k"' })).total).toBe(417);
    const groups = await listErrorGroups(threaded, FAKE_SOURCE.bulkKey);
    expect(groups).toEqual(await listErrorGroups(inMemory, FAKE_SOURCE.bulkKey));
    expect(groups.groups.map(({ template, count, firstRowNumber }) => ({ template, count, firstRowNumber }))).toEqual([
      { template: 'Closed period', count: 833, firstRowNumber: 8 },
      { template: 'Not found, {value}', count: 417, firstRowNumber: 4 },
    ]);
  });

  it('keeps cells holding NUL, which PostgreSQL\'s text cannot hold, in an uploaded cell and in a message, exactly', async () => {
    // The file's only unusual character, far into it: the blocks before are joined, the ones after JSON (stored-block.ts).
    const rows = Array.from({ length: 20_000 }, (_, i) => [`K${i + 1}`, 'N', 'Closed period']);
    rows[17_999] = ['K\u000018000', 'N', 'Row \u0000 rejected'];
    const db = await threadedDatabase(kind);
    const { status } = await importInto(db, zipOf({ 'x.csv': `Object Key,Success,Error Message\n${rows.map((r) => r.join(',')).join('\n')}\n` }));
    expect(status).toMatchObject({ state: 'ready', rowsImported: 20_000 });
    const encodings = await db.selectFrom('result_row_blocks').select('encoding').orderBy('first_row').execute();
    expect([encodings[0]?.encoding, encodings.at(-1)?.encoding]).toEqual([0, 1]);
    const all = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 1, pageSize: 20_000 });
    expect(all.rows.map((r) => r.cells)).toEqual(rows);
    const found = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: 'k\u00001', template: '', sort: 'row-asc', page: 1, pageSize: 10 });
    expect(found.rows.map((r) => r.rowNumber)).toEqual([18_000]);
    const { groups } = await listErrorGroups(db, FAKE_SOURCE.bulkKey);
    expect(groups.map(({ template, count, example }) => ({ template, count, example }))).toEqual([
      { template: 'Closed period', count: 19_999, example: 'Closed period' },
      { template: 'Row \u0000 rejected', count: 1, example: 'Row \u0000 rejected' },
    ]);
    const group = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: '', template: 'Row \u0000 rejected', sort: 'row-asc', page: 1, pageSize: 10 });
    expect(group.rows.map((r) => r.rowNumber)).toEqual([18_000]);
  });

  it('keeps cells holding the separators the store joins cells with, or NUL, exactly, found by search', async () => {
    // Far into the file, so the blocks before are stored joined and the ones after as JSON (stored-block.ts).
    const odd: Record<number, string> = { 15_000: 'a\u001fb', 15_001: 'c\u001ed', 17_000: 'nul \u0000 here', 19_999: '\u001e\u001f\u0000' };
    const rows = Array.from({ length: 20_000 }, (_, i) => [i + 1 === 18_000 ? 'K\u0000' : `K${i + 1}`, 'N', odd[i + 1] ?? 'Closed period']);
    const db = await threadedDatabase(kind);
    const { status } = await importInto(db, zipOf({ 'x.csv': `Object Key,Success,Error Message\n${rows.map((r) => r.join(',')).join('\n')}\n` }));
    expect(status).toMatchObject({ state: 'ready', rowsImported: 20_000 });

    const encodings = await db.selectFrom('result_row_blocks').select(['first_row', 'encoding']).orderBy('first_row').execute();
    expect(encodings[0]?.encoding).toBe(0);
    expect(encodings[encodings.length - 1]?.encoding).toBe(1);
    const page = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 150, pageSize: 100 });
    expect(page.rows.map((r) => r.cells)).toEqual(rows.slice(14_900, 15_000));
    const last = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'failed', search: '', template: '', sort: 'row-desc', page: 1, pageSize: 5_000 });
    expect(last.rows.map((r) => r.cells)).toEqual(rows.slice(15_000).reverse());
    const found = async (search: string) => (await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search, template: '', sort: 'row-asc', page: 1, pageSize: 10 })).rows.map((r) => r.rowNumber);
    expect(await found('C\u001eD')).toEqual([15_001]);
    expect(await found('nul \u0000')).toEqual([17_000]);
    expect(await found('k\u0000')).toEqual([18_000]);
    const groups = (await listErrorGroups(db, FAKE_SOURCE.bulkKey, { pageSize: 10 })).groups.map(({ template, count, firstRowNumber, example }) => ({ template, count, firstRowNumber, example }));
    expect(groups).toEqual([
      { template: 'Closed period', count: 19_996, firstRowNumber: 1, example: 'Closed period' },
      { template: 'a\u001fb', count: 1, firstRowNumber: 15_000, example: 'a\u001fb' },
      { template: 'c\u001ed', count: 1, firstRowNumber: 15_001, example: 'c\u001ed' },
      { template: 'nul \u0000 here', count: 1, firstRowNumber: 17_000, example: 'nul \u0000 here' },
      { template: '\u001e\u001f\u0000', count: 1, firstRowNumber: 19_999, example: '\u001e\u001f\u0000' },
    ]);
    const nul = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: '', template: 'nul \u0000 here', sort: 'row-asc', page: 1, pageSize: 10 });
    expect(nul.rows.map((r) => r.rowNumber)).toEqual([17_000]);
  });

  it('records a failure quoting a NUL of the file, which PostgreSQL\'s text cannot hold, with the NUL shown', async () => {
    const db = await open();
    const { status } = await importInto(db, zipOf({ 'x.csv': 'Object Key,Success\nK1,Y\nK2,\u0000\n' }));
    expect(status).toMatchObject({ state: 'failed', failure: { code: 'bad_success_value', message: 'Row 2 has "\u2400" in its Success column, where Zuora writes Y, N or nothing.' } });
    const named = await importInto(db, zipOf({ 'r\u0000.txt': 'Object Key,Success\n' }), { ...FAKE_SOURCE, bulkKey: 'n'.repeat(32) });
    expect(named.status).toMatchObject({ state: 'failed', failure: { code: 'not_csv', message: 'The result zip holds "r\u2400.txt", which is not a CSV file.' } });
  });

  it('a file refused on its way, by the server thread or by the worker, is recorded as such and leaves no rows', async () => {
    const db = await threadedDatabase(kind);
    const notZip = await importInto(db, new TextEncoder().encode('<html><body>Bad gateway</body></html>'), { ...FAKE_SOURCE, bulkKey: 'a'.repeat(32) });
    expect(notZip.status).toMatchObject({ state: 'failed', failure: { code: 'not_zip' } });
    // Refused deep into the file, while the server thread is still unzipping ahead of the worker.
    const ragged = zipOf({ 'x.csv': `Object Key,Success\n${'K,Y\n'.repeat(30_000)}K,Y,extra\n${'K,Y\n'.repeat(30_000)}` });
    const { status } = await importInto(db, ragged, { ...FAKE_SOURCE, bulkKey: 'b'.repeat(32) });
    expect(status).toMatchObject({ state: 'failed', hasRawFile: true, failure: { code: 'ragged_row', message: 'Row 30,001 has 3 cells, but the header has 2 columns.' } });
    expect(await blockCount(db)).toBe(0);
  });

  it('stops storing once another console process has taken the import over, and keeps none of its rows', async () => {
    const db = await threadedDatabase(kind);
    const zip = zipOf({ 'x.csv': `Object Key,Success\n${Array.from({ length: 40_000 }, (_, i) => `K${i},Y`).join('\n')}\n` });
    const gated = gatedResponse(zip, Math.floor(zip.byteLength / 2));
    const logs = captureLogs();
    const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(() => gated.response).zuora, logger: logs.logger });
    await importer.ensure(FAKE_SOURCE);
    const current = () => db.selectFrom('result_imports').selectAll().executeTakeFirstOrThrow();
    await waitFor(async () => (await current()).rows_imported > 0, 'the first rows');
    const { id } = await current();
    await db.updateTable('result_imports').set({ owner: 'other-host|4242|abcd' }).where('id', '=', id).execute();
    gated.release();
    await waitFor(async () => logs.lines.some((line) => line.includes('result file import taken over')), 'the import to notice');
    expect(await blockCount(db, id)).toBe(0);
    expect((await current()).rows_imported).toBeLessThan(40_000);
  });

  it('stops at a record that runs past 1 MB, an unclosed quote, without reading the rest into memory', async () => {
    const { status } = await importInto(await open(), zipOf({ 'x.csv': `Object Key,Success\nK1,Y\n"K2,Y\n${Array.from({ length: 200_000 }, (_, i) => `K${i},Y`).join('\n')}` }));
    expect(status).toMatchObject({ state: 'failed', failure: { code: 'invalid_csv', message: expect.stringMatching(/^The CSV in the result zip is malformed: row 2 runs past 1,048,576 bytes/) } });
  });
});
