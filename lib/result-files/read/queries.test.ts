import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingCodeRows, csvFile } from '../../../zuora-sandbox/scenario-files';
import { downloadResultZip, readResultZip, resultFilesContext, type ResultFilesContext } from '../../testing/result-files';
import { DATABASE_KINDS } from '../../testing/test-databases';
import { getOutcomeCounts } from './counts';
import { listErrorGroups } from './error-groups';
import { exportFixFile, exportView } from '../export/exports';
import { locateRow, queryRows } from './row-queries';
import { RESULT_OUTCOMES, ROW_SORTS, type OutcomeFilter, type ResultOutcome, type RowSort } from '../shared/types';
import type { DatabaseKind } from '../../db/dialect';

// A mid-size file (3,000 rows, stopped two thirds in: all three outcomes) queried every way and
// checked against a plain in-memory model of the same file.

let ctx: ResultFilesContext;
let bulkKey: string;
let model: { rowNumber: number; outcome: ResultOutcome; cells: string[] }[];

/** The file imported into a fresh database of `kind`, and its model. */
async function setUp(kind: DatabaseKind): Promise<void> {
  ctx = await resultFilesContext({ database: kind });
  const file = csvFile('codes.csv', accountingCodeRows(3000));
  bulkKey = await ctx.upload({ name: file.fileName, bytes: file.bytes }, { pendingMs: 0, rowsPerSecond: 1000, failEvery: 7, stoppingMs: 0 });
  await ctx.advanceClock(2000);
  await ctx.client.stopMassAction(bulkKey);
  const state = await ctx.settled(bulkKey);
  expect(await ctx.importer.ensureSettled({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl })).toMatchObject({ state: 'ready' });
  const { header, rows } = readResultZip(await downloadResultZip(ctx, state.outputUrl ?? ''));
  const success = header.indexOf('Success');
  model = rows.map((cells, i) => ({ rowNumber: i + 1, cells, outcome: cells[success] === 'Y' ? 'succeeded' : cells[success] === 'N' ? 'failed' : 'not_processed' }));
}

const RANK: Record<ResultOutcome, number> = { failed: 0, not_processed: 1, succeeded: 2 };

function modelView(outcome: OutcomeFilter, search: string, sort: RowSort) {
  const term = search.trim().toLowerCase();
  const rows = model.filter((r) => (outcome === 'all' || r.outcome === outcome) && (term === '' || r.cells.some((c) => c.toLowerCase().includes(term))));
  const byOutcome = (a: (typeof rows)[number], b: (typeof rows)[number]) => RANK[a.outcome] - RANK[b.outcome] || a.rowNumber - b.rowNumber;
  if (sort === 'row-desc') rows.reverse();
  if (sort === 'outcome-asc') rows.sort(byOutcome);
  if (sort === 'outcome-desc') rows.sort((a, b) => RANK[b.outcome] - RANK[a.outcome] || a.rowNumber - b.rowNumber);
  return rows;
}

const FILTERS: OutcomeFilter[] = ['all', ...RESULT_OUTCOMES];
const SEARCHES = ['', 'Invoice Item Adjustment', 'CLOSED accounting', '24105', '8a8aa1b20000000000000000000001', 'nothing-like-this', 'y'];

describe.each(DATABASE_KINDS)('queries of the review table (%s)', (kind) => {
  beforeAll(() => setUp(kind), 60_000);
  afterAll(async () => ctx.close());

  it('has all three outcomes to work with', () => {
    expect(new Set(model.map((r) => r.outcome))).toEqual(new Set(RESULT_OUTCOMES));
  });

  it('pages through every filter, search and sort exactly as the model does', async () => {
    for (const outcome of FILTERS) {
      for (const search of SEARCHES) {
        for (const sort of ROW_SORTS) {
          const expected = modelView(outcome, search, sort);
          const pageCount = Math.max(1, Math.ceil(expected.length / 25));
          for (const page of new Set([1, 2, Math.ceil(pageCount / 2), pageCount, pageCount + 1])) {
            const result = await queryRows(ctx.db, bulkKey, { outcome, search, template: '', sort, page, pageSize: 25 });
            const label = `${outcome} "${search}" ${sort} p${page}`;
            expect({ label, total: result.total, pageCount: result.pageCount }).toEqual({ label, total: expected.length, pageCount });
            expect(result.rows, label).toEqual(expected.slice((page - 1) * 25, page * 25));
          }
        }
      }
    }
  }, 60_000);

  it('finds the page of any row under the view, or says the view leaves it out', async () => {
    const samples = [1, 2, 7, 1999, 2000, 2001, 2500, 3000];
    for (const outcome of FILTERS) {
      for (const search of ['', '24105', 'invoice item']) {
        for (const sort of ROW_SORTS) {
          const view = modelView(outcome, search, sort);
          for (const rowNumber of samples) {
            const index = view.findIndex((r) => r.rowNumber === rowNumber);
            const expected = index < 0 ? null : { page: Math.floor(index / 25) + 1, indexInPage: index % 25 };
            expect(await locateRow(ctx.db, bulkKey, rowNumber, { outcome, search, template: '', sort, pageSize: 25 }), `${outcome} "${search}" ${sort} #${rowNumber}`).toEqual(expected);
          }
        }
      }
    }
    expect(await locateRow(ctx.db, bulkKey, 3001, { outcome: 'all', search: '', template: '', sort: 'row-asc', pageSize: 25 })).toBeNull();
  }, 60_000);

  it('counts outcomes among a search\'s matches', async () => {
    for (const search of SEARCHES) {
      const rows = modelView('all', search, 'row-asc');
      const count = (o: ResultOutcome) => rows.filter((r) => r.outcome === o).length;
      expect(await getOutcomeCounts(ctx.db, bulkKey, { search })).toEqual({ succeeded: count('succeeded'), failed: count('failed'), notProcessed: count('not_processed'), all: rows.length, isPartial: false });
    }
  });

  // The templates of this file's messages, worked out for its values alone: the keys (8a8aa1b2 and 24
  // digits) and the five-digit accounting codes are what vary.
  const templateInFile = (message: string) => message.replace(/8a8aa1b2\d{24}/, '{id}').replace(/(code:? )\d{5}/, '$1{code}');
  const failedLike = (template: string) => model.filter((r) => r.outcome === 'failed' && templateInFile(r.cells[5] ?? '') === template);

  it('groups the failures by template: every object type apart, with counts, first rows, examples and distinct messages', async () => {
    const expected = new Map<string, { count: number; firstRowNumber: number; messages: Set<string> }>();
    for (const row of model.filter((r) => r.outcome === 'failed')) {
      const template = templateInFile(row.cells[5] ?? '');
      const group = expected.get(template) ?? { count: 0, firstRowNumber: row.rowNumber, messages: new Set<string>() };
      expected.set(template, { ...group, count: group.count + 1, messages: group.messages.add(row.cells[5] ?? '') });
    }
    // Two code messages, and two per object type (not found, closed period): twelve kinds of failure.
    expect(expected.size).toBe(12);
    const list = await listErrorGroups(ctx.db, bulkKey, { pageSize: 100 });
    expect(list).toMatchObject({ totalGroups: 12, totalMessages: new Set(model.filter((r) => r.outcome === 'failed').map((r) => r.cells[5])).size, pageCount: 1 });
    expect(new Map(list.groups.map((g) => [g.template, { count: g.count, firstRowNumber: g.firstRowNumber, messages: g.messageCount }]))).toEqual(
      new Map([...expected].map(([template, g]) => [template, { count: g.count, firstRowNumber: g.firstRowNumber, messages: g.messages.size }])),
    );
    for (const group of list.groups) {
      expect(group.example).toBe(model[group.firstRowNumber - 1]?.cells[5]);
      expect(group.messages.length).toBe(Math.min(5, group.messageCount));
      expect(group.messages.every((m) => expected.get(group.template)?.messages.has(m.message))).toBe(true);
    }
    expect(list.groups.map((g) => g.count)).toEqual(list.groups.map((g) => g.count).sort((a, b) => b - a));
  });

  it('shows exactly one error group\'s rows, alone or with a search, and counts them', async () => {
    const { groups } = await listErrorGroups(ctx.db, bulkKey);
    // The largest group; one that the other object type's messages contain but must not join; and a
    // template no message has (only part of some): a search finds their rows, the group filter none.
    const templates = [groups[0]?.template ?? '', 'Invoice Item {id} not found', 'Invoice Item {id}'];
    expect(failedLike(templates[0] ?? '').length).toBeGreaterThan(1);
    expect(model.some((r) => r.outcome === 'failed' && /^Invoice Item Adjustment \S+ not found$/.test(r.cells[5] ?? ''))).toBe(true);
    for (const template of templates) {
      for (const search of ['', 'invoice']) {
        for (const [outcome, sort] of [['all', 'row-asc'], ['failed', 'row-desc'], ['succeeded', 'outcome-asc']] as const) {
          const expected = modelView(outcome, search, sort).filter((r) => r.outcome === 'failed' && templateInFile(r.cells[5] ?? '') === template);
          const label = `${outcome} "${search}" template "${template}" ${sort}`;
          const result = await queryRows(ctx.db, bulkKey, { outcome, search, template, sort, page: 1, pageSize: 200 });
          expect({ label, total: result.total, rows: result.rows }).toEqual({ label, total: expected.length, rows: expected.slice(0, 200) });
        }
        const kept = modelView('all', search, 'row-asc').filter((r) => r.outcome === 'failed' && templateInFile(r.cells[5] ?? '') === template).length;
        expect(await getOutcomeCounts(ctx.db, bulkKey, { search, template })).toEqual({ succeeded: 0, failed: kept, notProcessed: 0, all: kept, isPartial: false });
      }
    }
    expect((await queryRows(ctx.db, bulkKey, { outcome: 'all', search: '', template: groups[0]?.template ?? '', sort: 'row-asc', page: 1, pageSize: 200 })).total).toBe(groups[0]?.count);
  });

  it('exports the current view, and a fix file for one error group', async () => {
    const read = async (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
      return parse(Buffer.concat(chunks)) as string[][];
    };
    const download = await exportView(ctx.db, bulkKey, { outcome: 'failed', search: 'invoice', template: '', sort: 'row-desc' });
    expect(download.fileName).toBe('codes_view-failed-search-invoice-sort-row-desc.csv');
    const view = await read(download.stream);
    expect(view.slice(1)).toEqual(modelView('failed', 'invoice', 'row-desc').map((r) => [String(r.rowNumber), ...r.cells]));
    expect(view[0]).toEqual(['Row', 'Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code', 'Success', 'Error Message']);
    // A row's number in the file is its link's: `?row=N` opens on the same row.
    const linkView = { outcome: 'all', search: '', template: '', sort: 'row-asc', pageSize: 50 } as const;
    for (const [rowNumber = '', ...cells] of [view[1], view[Math.floor(view.length / 2)], view.at(-1)].map((row) => row ?? [])) {
      const { page, indexInPage } = (await locateRow(ctx.db, bulkKey, Number(rowNumber), linkView)) ?? { page: 1, indexInPage: -1 };
      const { rows } = await queryRows(ctx.db, bulkKey, { ...linkView, page });
      expect(rows[indexInPage], rowNumber).toEqual(expect.objectContaining({ rowNumber: Number(rowNumber), cells }));
    }

    const { groups } = await listErrorGroups(ctx.db, bulkKey);
    for (const group of groups) {
      const fix = await read((await exportFixFile(ctx.db, bulkKey, { template: group.template })).stream);
      const expected = failedLike(group.template).map((r) => [...r.cells.slice(0, 4), r.cells[5]]);
      expect(fix.slice(1), group.template).toEqual(expected);
      expect(expected).toHaveLength(group.count);
      expect(expected[0]?.[0]).toBe(model[group.firstRowNumber - 1]?.cells[0]);
    }
  });
});
