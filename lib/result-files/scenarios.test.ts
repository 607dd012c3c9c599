import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScenarios, type SeededMassAction } from '../../zuora-sandbox/scenarios';
import { downloadResultZip, readResultZip, resultFilesContext, type ResultFilesContext } from '../testing/result-files';
import { DATABASE_KINDS } from '../testing/test-databases';
import type { DatabaseKind } from '../db/dialect';
import type { MassActionState } from '../mass-actions/shared/types';
import { compareWithZuora, getOutcomeCounts } from './read/counts';
import { listErrorGroups } from './read/error-groups';
import { exportFixFile, exportResumeFile, exportView, openRawZip } from './export/exports';
import { queryRows } from './read/row-queries';
import type { ResultRow } from './shared/types';

// The sandbox's own scenarios (seeded through the public API, as the demo does), imported for real.

let ctx: ResultFilesContext;
let seeded: SeededMassAction[];

async function setUp(kind: DatabaseKind): Promise<void> {
  ctx = await resultFilesContext({ database: kind });
  seeded = await seedScenarios(ctx.sandbox.url);
  await ctx.advanceClock(60_000); // past every short scenario's end, Stopping included
}

async function imported(scenario: string) {
  const { bulkKey } = seeded.find((s) => s.scenario === scenario) ?? { bulkKey: '' };
  const state = await ctx.state(bulkKey);
  const status = await ctx.importer.ensureSettled({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl });
  const oracle = readResultZip(await downloadResultZip(ctx, state.outputUrl ?? ''));
  return { bulkKey, state, status, oracle };
}

async function allRows(bulkKey: string, outcome: 'all' | ResultRow['outcome'] = 'all'): Promise<ResultRow[]> {
  return (await queryRows(ctx.db, bulkKey, { outcome, search: '', template: '', sort: 'row-asc', page: 1, pageSize: 200 })).rows;
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

const successOf = (header: string[], row: string[]) => row[header.indexOf('Success')] ?? '';

/** A CSV's records exactly as written, each with its line ending (the BOM apart), cut where csv-parse ends each. */
function recordsOf(csv: string): string[] {
  const bytes = Buffer.from(csv);
  // csv-parse's types do not model `info`: each record's end, in bytes from the start (BOM included).
  const ends = (parse(csv, { bom: true, info: true }) as unknown as { info: { bytes: number } }[]).map(({ info }) => info.bytes);
  const start = csv.startsWith('\ufeff') ? Buffer.byteLength('\ufeff') : 0;
  return ends.map((end, i) => bytes.subarray(ends[i - 1] ?? start, end).toString('utf8'));
}

describe.each(DATABASE_KINDS)('importing the sandbox scenarios (%s)', (kind) => {
  beforeAll(() => setUp(kind), 60_000);
  afterAll(async () => ctx.close());

  it('imports a Completed file with failures: counts match the file and Zuora', async () => {
    const { bulkKey, state, status, oracle } = await imported('completed-with-failures');
    expect(status.state).toBe('ready');
    const counts = await getOutcomeCounts(ctx.db, bulkKey);
    const fromFile = (value: string) => oracle.rows.filter((row) => successOf(oracle.header, row) === value).length;
    expect(counts).toMatchObject({ succeeded: fromFile('Y'), failed: fromFile('N'), notProcessed: 0, all: 120, isPartial: false });
    expect(counts.failed).toBeGreaterThan(0);
    expect([state.successCount, state.errorCount, state.totalCount]).toEqual([counts.succeeded, counts.failed, counts.all]);
    expect(compareWithZuora(counts, state)).toMatchObject({ agrees: true, problems: [] });
    const rows = await allRows(bulkKey);
    expect(rows.map((r) => r.cells)).toEqual(oracle.rows.slice(0, 120));
    if (status.state === 'ready') expect(status.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([...oracle.header.slice(0, 4).map((n) => `${n}:input`), 'Success:outcome', 'Error Message:outcome']);
  });

  it('reports a disagreement with Zuora\'s counts', () => {
    const state = { successCount: 100, errorCount: 20, processedCount: 120, totalCount: 120 } as MassActionState;
    const check = compareWithZuora({ succeeded: 103, failed: 17, notProcessed: 0, all: 120 }, state);
    expect(check.agrees).toBe(false);
    expect(check.problems).toEqual(['The result file has 103 rows succeeded; Zuora counts 100.', 'The result file has 17 rows failed; Zuora counts 20.']);
  });

  it('groups each scenario\'s failures by template, one group per kind of failure, largest first', async () => {
    const templates: Record<string, string[]> = {
      'completed-with-failures': [
        'Invalid accounting code: {code} does not exist', 'The accounting code {code} is not active in the chart of accounts',
        ...['Invoice Item', 'Invoice Item Adjustment', 'Credit Memo Item', 'Debit Memo Item', 'Revenue Schedule'].flatMap((type) => [`${type} {id} is in a closed accounting period`, `${type} {id} not found`]),
      ],
      'fx-rate-groups': ['A previous row with the same Group ID failed', 'An exchange rate from {code} to {code} on {date} already exists', 'Invalid currency code: {code} is not an active currency', 'Invalid exchange rate {number}: the rate must be a positive number'],
      'mpu-payments': ['Account {id} not found', 'The payment amount {number} exceeds the balance of invoice {id}', 'Transaction declined by the payment gateway: Expired Card', 'Transaction declined by the payment gateway: Insufficient Funds'],
      'create-revenue-schedules': ['Charge {id} not found', 'The recognition start date {date} is in a closed accounting period', 'The revenue schedule amount must not be zero'],
    };
    for (const [scenario, expected] of Object.entries(templates)) {
      const { bulkKey, oracle } = await imported(scenario);
      const messages = oracle.rows.filter((row) => successOf(oracle.header, row) === 'N').map((row) => row[oracle.header.indexOf('Error Message')] ?? '');
      const { groups, totalGroups, totalMessages } = await listErrorGroups(ctx.db, bulkKey, { pageSize: 100 });
      // Every kind the file holds (a small file need not hold them all), and no group of one per record.
      expect(groups.map((g) => g.template).every((t) => expected.includes(t)), scenario).toBe(true);
      expect(totalGroups, scenario).toBeLessThanOrEqual(expected.length);
      expect(totalMessages, scenario).toBe(new Set(messages).size);
      expect(groups.reduce((sum, g) => sum + g.count, 0), scenario).toBe(messages.length);
      expect(groups.map((g) => g.count)).toEqual([...groups.map((g) => g.count)].sort((a, b) => b - a));
    }
    const { groups } = await listErrorGroups(ctx.db, (await imported('completed-with-failures')).bulkKey);
    expect(groups.some((g) => g.messageCount > 1)).toBe(true);
  });

  it('imports a file Stopped while processing: not processed rows are exactly the blank-Success ones', async () => {
    const { bulkKey, state, oracle } = await imported('stopped-while-processing');
    expect(state.status).toBe('Stopped');
    const blank = oracle.rows.flatMap((row, i) => (successOf(oracle.header, row) === '' ? [i + 1] : []));
    expect(blank.length).toBeGreaterThan(0);
    const counts = await getOutcomeCounts(ctx.db, bulkKey);
    expect(counts.notProcessed).toBe(blank.length);
    expect(counts.notProcessed).toBe((state.totalCount ?? 0) - (state.processedCount ?? 0));
    const listed: ResultRow[] = [];
    for (let page = 1; listed.length < blank.length; page++) {
      const { rows, total } = await queryRows(ctx.db, bulkKey, { outcome: 'not_processed', search: '', template: '', sort: 'row-asc', page, pageSize: 200 });
      expect(total).toBe(blank.length);
      if (rows.length === 0) break;
      listed.push(...rows);
    }
    expect(listed.map((r) => r.rowNumber)).toEqual(blank);
    expect(listed.every((r) => r.outcome === 'not_processed' && r.cells[4] === '')).toBe(true);
  });

  it('writes the resume file: the not processed rows, uploaded columns only, in order, ready to upload', async () => {
    const { bulkKey, oracle } = await imported('stopped-while-processing');
    const download = await exportResumeFile(ctx.db, bulkKey);
    const csv = await text(download.stream);
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual(['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code']);
    expect(rows).toEqual(oracle.rows.filter((row) => successOf(oracle.header, row) === '').map((row) => row.slice(0, 4)));
    expect(download.fileName).toBe('accounting-codes-reclass-2026-10_resume.csv');
    const bulkKeyOfRest = await ctx.upload({ name: download.fileName, bytes: new TextEncoder().encode(csv) }, { pendingMs: 0 });
    expect((await ctx.state(bulkKeyOfRest)).actionType).toBe('UpdateAccountingCode');
  });

  it('round-trips the CSV edge cases exactly: rows, the view export byte for byte, the fix file', async () => {
    const { bulkKey, status, oracle } = await imported('csv-edge-cases');
    expect(oracle.text.startsWith('\ufeff# Reviewer')).toBe(true);
    const rows = await allRows(bulkKey);
    expect(rows.map((r) => r.cells)).toEqual(oracle.rows);
    expect(rows[2]?.cells[3]).toBe('Line one\r\nLine two, with comma');
    if (status.state === 'ready') {
      expect(status.columns.filter((c) => c.kind === 'informational').map((c) => c.name)).toEqual(['# Reviewer', '# Note', '#Ticket']);
    }
    // The view export is Zuora's file byte for byte (BOM, CRLF, quoting), each record after its row number.
    const view = await exportView(ctx.db, bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc' });
    const records = recordsOf(oracle.text);
    expect(records).toHaveLength(oracle.rows.length + 1);
    expect(`\ufeff${records.join('')}`).toBe(oracle.text);
    expect(await text(view.stream)).toBe(`\ufeff${records.map((record, i) => `${i === 0 ? 'Row' : i},${record}`).join('')}`);
    expect(view.fileName).toBe('accounting-codes-edge-cases_view.csv');

    const search = async (term: string) => (await queryRows(ctx.db, bulkKey, { outcome: 'all', search: term, template: '', sort: 'row-asc', page: 1, pageSize: 50 })).rows.map((r) => r.rowNumber);
    expect(await search('ZOË MÜLLER')).toEqual([1]);
    expect(await search('"urgent"')).toEqual([2]);
    expect(await search('one\r\nline two, with')).toEqual([3]);
    expect(await search('€1,250')).toEqual([7]);

    const fixText = await text((await exportFixFile(ctx.db, bulkKey)).stream);
    expect(fixText.startsWith('\ufeff# Reviewer,Object Key')).toBe(true); // written in the style of Zuora's file: BOM, CRLF
    expect(fixText.split('\r\n').length).toBeGreaterThan(3);
    const fix = parse(fixText, { bom: true }) as string[][];
    const failed = oracle.rows.filter((row) => successOf(oracle.header, row) === 'N');
    expect(failed.length).toBeGreaterThan(0);
    expect(fix[0]).toEqual([...oracle.header.slice(0, 7), '#Error Message']);
    expect(fix.slice(1)).toEqual(failed.map((row) => [...row.slice(0, 7), row[8]]));
  });

  it('keeps the zip as Zuora served it', async () => {
    const { bulkKey, state } = await imported('csv-edge-cases');
    const raw = await openRawZip(ctx.db, bulkKey);
    const chunks: Buffer[] = [];
    for await (const chunk of raw.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(await downloadResultZip(ctx, state.outputUrl ?? ''));
    expect(raw.fileName).toBe('accounting-codes-edge-cases_response.zip');
  });

  it('finds the per-type outcome columns by name: MPU payment columns, the new Revenue Schedule Number', async () => {
    const mpu = await imported('mpu-payments');
    const created = await imported('create-revenue-schedules');
    const outcomes = (s: typeof mpu.status) => (s.state === 'ready' ? s.columns.filter((c) => c.kind === 'outcome').map((c) => c.name) : []);
    expect(outcomes(mpu.status)).toEqual(['Success', 'Error Message', 'Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status']);
    expect(outcomes(created.status)).toEqual(['Success', 'Error Message', 'Revenue Schedule Number']);
    const mpuCounts = await getOutcomeCounts(ctx.db, mpu.bulkKey);
    expect(compareWithZuora(mpuCounts, mpu.state).agrees).toBe(true);
    const fix = parse(await text((await exportFixFile(ctx.db, created.bulkKey)).stream)) as string[][];
    expect(fix[0]).toEqual(['Subscription Charge Key', 'Linked Transaction Type', 'Linked Transaction Key', '# Contract', '#Error Message']);
  });
});
