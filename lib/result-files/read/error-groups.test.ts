import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { FAKE_SOURCE, fakeZuora, zipOf } from '../../testing/result-files';
import { DATABASE_KINDS, testDatabaseOpener } from '../../testing/test-databases';
import { exportFixFile } from '../export/exports';
import { ResultFileImporter } from '../import/importer';
import { getOutcomeCounts } from './counts';
import { listErrorGroups } from './error-groups';
import { queryRows } from './row-queries';
import type { ErrorGroup } from '../shared/types';

// A result file of UpdateAccountingCode written out by hand, its failures in five kinds: Zuora's
// messages naming their record, two object types that must stay apart, a code in three values, one
// message repeated (a Group ID's), and blank messages. Every expectation below is worked out from
// this list, not by the code under test.

const HEADER = ['Object Key', 'Object Type', 'Recognized Revenue Accounting Code', 'Success', 'Error Message'];
const key = (n: number) => `8a8aa1b2${String(n).padStart(24, '0')}`;
const NOT_FOUND = Array.from({ length: 30 }, (_, i) => ['Invoice Item', `Invoice Item ${key(i)} not found`]);
const ADJUSTMENT_NOT_FOUND = Array.from({ length: 10 }, (_, i) => ['Invoice Item Adjustment', `Invoice Item Adjustment ${key(100 + i)} not found`]);
const INACTIVE_CODE = Array.from({ length: 12 }, (_, i) => ['Invoice Item', `The accounting code ${41000 + (i % 3)} is not active in the chart of accounts`]);
const GROUP_FAILED = Array.from({ length: 12 }, () => ['Invoice Item', 'A previous row with the same Group ID failed']);
const BLANK = Array.from({ length: 2 }, () => ['Credit Memo Item', '']);

// Each failure followed by a success, the kinds taken in turns.
const ROWS: string[][] = [];
for (let turn = 0; turn < 30; turn++) {
  for (const kind of [NOT_FOUND, INACTIVE_CODE, GROUP_FAILED, ADJUSTMENT_NOT_FOUND, BLANK]) {
    const failure = kind[turn];
    if (!failure) continue;
    const [type = '', message = ''] = failure;
    ROWS.push([key(1000 + ROWS.length), type, String(41000 + (ROWS.length % 7)), 'N', message], [key(1000 + ROWS.length + 1), type, '41000', 'Y', '']);
  }
}
const rowOf = (message: string) => ROWS.findIndex((row) => row[3] === 'N' && row[4] === message) + 1;
const rowsWith = (messages: string[][]) => ROWS.flatMap((row, i) => (row[3] === 'N' && messages.some(([, m]) => m === row[4]) ? [i + 1] : []));

function expectedGroup(template: string, kind: string[][]): ErrorGroup {
  const counts = new Map<string, number>();
  for (const [, message = ''] of kind) counts.set(message, (counts.get(message) ?? 0) + 1);
  const messages = [...counts].map(([message, count]) => ({ message, count, firstRowNumber: rowOf(message) }));
  messages.sort((a, b) => b.count - a.count || a.firstRowNumber - b.firstRowNumber);
  const first = Math.min(...messages.map((m) => m.firstRowNumber));
  return { template, count: kind.length, firstRowNumber: first, example: ROWS[first - 1]?.[4] ?? '', messageCount: counts.size, messages: messages.slice(0, 5) };
}

// Largest first; the code group and the Group ID group have 12 rows each, and the code group fails first.
const EXPECTED: ErrorGroup[] = [
  expectedGroup('Invoice Item {id} not found', NOT_FOUND),
  expectedGroup('The accounting code {code} is not active in the chart of accounts', INACTIVE_CODE),
  expectedGroup('A previous row with the same Group ID failed', GROUP_FAILED),
  expectedGroup('Invoice Item Adjustment {id} not found', ADJUSTMENT_NOT_FOUND),
  expectedGroup('(no message)', BLANK),
];

let db: Database;
const GROUPED = FAKE_SOURCE.bulkKey;
const MANY = 'e'.repeat(32);

// 250 failures that share no template (the words differ, not values), group k of (k % 3) + 1 rows.
const WORDS = ['amber', 'birch', 'cedar', 'dune', 'ember', 'fjord', 'grove', 'heath', 'inlet', 'jade', 'knoll', 'larch', 'marsh', 'north', 'oak', 'pine'];
const MANY_TEMPLATES = Array.from({ length: 250 }, (_, k) => `The ${WORDS[k % 16]} ${WORDS[Math.floor(k / 16)]} check failed`);
const MANY_ROWS = MANY_TEMPLATES.flatMap((message, k) => Array.from({ length: (k % 3) + 1 }, (_, i) => [`K${k}-${i}`, 'N', message]));

async function importFile(bulkKey: string, rows: string[][]): Promise<void> {
  const importer = new ResultFileImporter({ db: async () => db, zuora: fakeZuora(zipOf({ 'codes_response.csv': stringify(rows) })).zuora });
  expect(await importer.ensureSettled({ ...FAKE_SOURCE, bulkKey })).toMatchObject({ state: 'ready' });
}


async function readCsv(stream: NodeJS.ReadableStream): Promise<string[][]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return parse(Buffer.concat(chunks)) as string[][];
}

describe.each(DATABASE_KINDS)('failures grouped by the template of their message (%s)', (kind) => {
  const opener = testDatabaseOpener(kind);
  beforeAll(async () => {
    db = await opener.open();
    await importFile(GROUPED, [HEADER, ...ROWS]);
    await importFile(MANY, [['Object Key', 'Success', 'Error Message'], ...MANY_ROWS]);
  });
  afterAll(opener.cleanup);

  it('groups the messages that differ only in their values, with each group\'s count, example and distinct messages', async () => {
    const list = await listErrorGroups(db, GROUPED);
    expect(list.groups).toEqual(EXPECTED);
    expect(list).toMatchObject({ totalGroups: 5, totalMessages: 30 + 3 + 1 + 10 + 1, failedRows: 30 + 12 + 12 + 10 + 2, page: 1, pageCount: 1 });
    expect(list.groups.reduce((sum, g) => sum + g.count, 0)).toBe((await getOutcomeCounts(db, GROUPED)).failed);
  });

  it('reaches every group, a page at a time, and says how many there are', async () => {
    const everyGroup = MANY_TEMPLATES.map((template, k) => ({ template, count: (k % 3) + 1, firstRowNumber: MANY_ROWS.findIndex((row) => row[2] === template) + 1 }));
    everyGroup.sort((a, b) => b.count - a.count || a.firstRowNumber - b.firstRowNumber);
    const seen: Array<{ template: string; count: number; firstRowNumber: number }> = [];
    for (let page = 1; page <= 3; page++) {
      const list = await listErrorGroups(db, MANY, { page, pageSize: 100 });
      expect(list).toMatchObject({ totalGroups: 250, totalMessages: 250, page, pageSize: 100, pageCount: 3 });
      expect(list.groups).toHaveLength(page < 3 ? 100 : 50);
      seen.push(...list.groups.map(({ template, count, firstRowNumber }) => ({ template, count, firstRowNumber })));
    }
    expect(seen).toEqual(everyGroup);
    expect(await listErrorGroups(db, MANY, { page: 4, pageSize: 100 })).toMatchObject({ groups: [], totalGroups: 250, pageCount: 3 });
    expect(await listErrorGroups(db, MANY)).toMatchObject({ pageSize: 20, pageCount: 13, totalGroups: 250 });
  });

  it('shows exactly a group\'s rows, alone, with a search and under each outcome, and counts them', async () => {
    const view = (template: string, search = '', outcome: 'all' | 'failed' | 'succeeded' = 'all') => queryRows(db, GROUPED, { outcome, search, template, sort: 'row-asc', page: 1, pageSize: 200 });
    const numbers = async (template: string, search?: string, outcome?: 'all' | 'failed' | 'succeeded') => (await view(template, search, outcome)).rows.map((r) => r.rowNumber);
    expect(await numbers('Invoice Item {id} not found')).toEqual(rowsWith(NOT_FOUND));
    expect(await numbers('Invoice Item {id} not found', '', 'failed')).toEqual(rowsWith(NOT_FOUND));
    expect(await numbers('Invoice Item {id} not found', '', 'succeeded')).toEqual([]);
    expect(await numbers('Invoice Item Adjustment {id} not found')).toEqual(rowsWith(ADJUSTMENT_NOT_FOUND));
    expect(await numbers('The accounting code {code} is not active in the chart of accounts', '41001')).toEqual(rowsWith(INACTIVE_CODE).filter((n) => ROWS[n - 1]?.some((cell) => cell.includes('41001'))));
    expect(await numbers('(no message)')).toEqual(rowsWith(BLANK));
    expect(await numbers('Invoice Item {id}')).toEqual([]);
    expect(await getOutcomeCounts(db, GROUPED, { template: 'Invoice Item {id} not found' })).toEqual({ succeeded: 0, failed: 30, notProcessed: 0, all: 30, isPartial: false });
    expect(await getOutcomeCounts(db, GROUPED, { template: 'Invoice Item {id} not found', search: key(0).slice(0, 30) })).toMatchObject({ failed: 30, all: 30 });
    expect(await getOutcomeCounts(db, GROUPED, { template: 'Invoice Item {id} not found', search: 'adjustment' })).toMatchObject({ failed: 0, all: 0 });
  });

  it('writes the fix file of one group: exactly its failed rows, cells as uploaded, Zuora\'s message beside them', async () => {
    const template = 'The accounting code {code} is not active in the chart of accounts';
    const download = await exportFixFile(db, GROUPED, { template });
    expect(download.fileName).toBe('codes_fix-the-accounting-code-code-is-not-active-in-the-ch.csv');
    const [header, ...rows] = await readCsv(download.stream);
    expect(header).toEqual(['Object Key', 'Object Type', 'Recognized Revenue Accounting Code', '#Error Message']);
    expect(rows).toEqual(rowsWith(INACTIVE_CODE).map((n) => [...(ROWS[n - 1] ?? []).slice(0, 3), ROWS[n - 1]?.[4]]));
    expect(rows).toHaveLength(12);

    const [, ...notFound] = await readCsv((await exportFixFile(db, GROUPED, { template: 'Invoice Item {id} not found' })).stream);
    expect(notFound.map((row) => row[0])).toEqual(rowsWith(NOT_FOUND).map((n) => ROWS[n - 1]?.[0]));
    const [, ...every] = await readCsv((await exportFixFile(db, GROUPED)).stream);
    expect(every).toHaveLength(30 + 12 + 12 + 10 + 2);
  });
});
