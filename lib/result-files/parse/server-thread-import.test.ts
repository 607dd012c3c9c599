import { afterEach, expect, it, vi } from 'vitest';
import type { Database } from '../../db/database';
import type { DatabaseKind } from '../../db/dialect';
import { captureLogs } from '../../testing/log-capture';
import { FAKE_SOURCE, fakeZuora, gatedResponse, memoryDatabase, sharedTestDatabase, waitFor, zipOf } from '../../testing/result-files';
import { describeEachDatabase } from '../../testing/test-databases';
import { listErrorGroups } from '../read/error-groups';
import { ResultFileImporter } from '../import/importer';
import { queryRows } from '../read/row-queries';

// Worker threads that cannot start (a platform without them, a store thread that cannot connect):
// the import runs in the server thread, on the database a store thread would have opened.
vi.mock('./thread-pair', () => ({
  prepareImportThreads: async () => undefined,
  takeImportThreads: async () => {
    throw new Error('no worker threads here');
  },
}));

const rows = Array.from({ length: 12_000 }, (_, i) => [`K${i + 1}`, i % 5 === 0 ? 'N' : i % 7 === 0 ? '' : 'Y', i % 5 === 0 ? `Invoice Item 8a8aa1b2${String(i).padStart(24, '0')} not found` : '']);
const ZIP = zipOf({ 'x.csv': `Object Key,Success,Error Message\n${rows.map((r) => r.join(',')).join('\n')}\n` });

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function threadedDatabase(kind: DatabaseKind): Promise<Database> {
  const database = await sharedTestDatabase(kind);
  cleanups.push(() => database.remove());
  return database.open();
}

describeEachDatabase('an import whose worker threads cannot start', (_open, kind) => {
  it('runs in the server thread, with the same rows, counts and error groups', async () => {
    const db = await threadedDatabase(kind);
    const logs = captureLogs();
    const status = await new ResultFileImporter({ db: async () => db, zuora: fakeZuora(ZIP).zuora, logger: logs.logger }).ensureSettled(FAKE_SOURCE);
    expect(status).toMatchObject({ state: 'ready', counts: { failed: 2_400, notProcessed: 1_372, succeeded: 8_228, all: 12_000 } });
    expect(logs.lines.some((line) => line.includes('no worker threads here'))).toBe(true);

    const reference = await memoryDatabase();
    cleanups.push(() => reference.destroy());
    await new ResultFileImporter({ db: async () => reference, zuora: fakeZuora(ZIP).zuora }).ensureSettled(FAKE_SOURCE);
    for (const query of [{ outcome: 'all', sort: 'row-asc', page: 1 }, { outcome: 'failed', sort: 'row-desc', page: 3 }, { outcome: 'not_processed', sort: 'outcome-asc', page: 2 }] as const) {
      const view = { search: '', template: '', pageSize: 200, ...query };
      expect(await queryRows(db, FAKE_SOURCE.bulkKey, view)).toEqual(await queryRows(reference, FAKE_SOURCE.bulkKey, view));
    }
    const all = await queryRows(db, FAKE_SOURCE.bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 1, pageSize: 12_000 });
    expect(all.rows.map((r) => r.cells)).toEqual(rows);
    expect(await listErrorGroups(db, FAKE_SOURCE.bulkKey)).toEqual(await listErrorGroups(reference, FAKE_SOURCE.bulkKey));
  });

  it('stops storing there too once another process has taken the import over', async () => {
    const db = await threadedDatabase(kind);
    const gated = gatedResponse(ZIP, Math.floor(ZIP.byteLength / 2));
    const logs = captureLogs();
    await new ResultFileImporter({ db: async () => db, zuora: fakeZuora(() => gated.response).zuora, logger: logs.logger }).ensure(FAKE_SOURCE);
    const current = () => db.selectFrom('result_imports').selectAll().executeTakeFirstOrThrow();
    await waitFor(async () => (await current()).rows_imported > 0, 'the first rows');
    const { id } = await current();
    await db.updateTable('result_imports').set({ owner: 'other-host|4242|abcd' }).where('id', '=', id).execute();
    gated.release();
    await waitFor(async () => logs.lines.some((line) => line.includes('result file import taken over')), 'the import to notice');
    expect(await db.selectFrom('result_row_blocks').select('first_row').where('import_id', '=', id).execute()).toEqual([]);
    expect((await current()).rows_imported).toBeLessThan(12_000);
  });
});
