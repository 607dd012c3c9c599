import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile, edgeCaseRows, fxRateRows, mpuRows, revenueScheduleCreateRows } from './scenario-files';
import type { Sandbox } from './server';
import { downloadResult, getAction, getToken, startTestSandbox, uploadKey } from './test-client';

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };
let token: string;

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox({ defaultBehaviour: { pendingMs: 0, rowsPerSecond: 1000, failEvery: 3 } }));
  token = await getToken(sandbox.url);
});
afterAll(() => sandbox.close());

async function completedResult(fileName: string, rows: string[][], actionType: string, style = {}) {
  const file = csvFile(fileName, rows, style);
  const key = await uploadKey(sandbox.url, token, { fileName, content: file.bytes, params: { actionType } });
  clock.advance(60_000);
  const action = await getAction(sandbox.url, token, key);
  expect(action.status).toBe('Completed');
  return downloadResult(action.outputURL ?? '', token);
}

const columnOf = (header: string[] | undefined, name: string) => header?.indexOf(name) ?? -1;

describe('the result file', () => {
  it('round-trips every CSV edge case: BOM, CRLF, quoted commas, quotes, line breaks, # columns', async () => {
    const uploaded = edgeCaseRows();
    const result = await completedResult('edge-cases.csv', uploaded, 'UpdateAccountingCode', { bom: true, crlf: true });
    expect(result.name).toBe('edge-cases_response.csv');
    expect(result.text.startsWith('\ufeff')).toBe(true);
    // Outside quoted fields every line ends CRLF; the lone LF lives inside a quoted field.
    const unquoted = result.text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n/);
    expect(unquoted.split('\r\n')).toHaveLength(uploaded.length + 1);
    const [header, ...rows] = result.records;
    expect(header).toEqual([...(uploaded[0] ?? []), 'Success', 'Error Message']);
    expect(rows.map((row) => row.slice(0, uploaded[0]?.length))).toEqual(uploaded.slice(1));
    expect(rows.map((row) => row[columnOf(header, 'Success')])).toEqual(['Y', 'Y', 'N', 'Y', 'Y', 'N', 'Y']);
  });

  it('keeps LF line ends and no BOM when the upload had none', async () => {
    const result = await completedResult('plain.csv', revenueScheduleCreateRows(4), 'CreateRevenueSchedule');
    expect(result.text.startsWith('\ufeff')).toBe(false);
    expect(result.text).not.toContain('\r');
  });

  it('adds Revenue Schedule Number for CreateRevenueSchedule, filled only on success', async () => {
    const { records } = await completedResult('schedules.csv', revenueScheduleCreateRows(6), 'CreateRevenueSchedule');
    const [header, ...rows] = records;
    expect(header?.slice(-3)).toEqual(['Success', 'Error Message', 'Revenue Schedule Number']);
    for (const row of rows) {
      if (row.at(-3) === 'Y') expect(row.at(-1)).toMatch(/^RS-\d{8,}$/);
      else expect(row.at(-1)).toBe('');
    }
  });

  it('adds the payment columns for MPU, with gateway answers on declines', async () => {
    const { records } = await completedResult('payments.csv', mpuRows(12), 'MPU');
    const [header, ...rows] = records;
    expect(header?.slice(-6)).toEqual(['Success', 'Error Message', 'Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status']);
    const processed = rows.filter((row) => row.at(-6) === 'Y');
    expect(processed.every((row) => /^[0-9a-f]{32}$/.test(row.at(-4) ?? '') && row.at(-1) === 'Processed')).toBe(true);
    const declined = rows.filter((row) => row.at(-3) !== '' && row.at(-6) === 'N');
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((row) => row.at(-1) === 'Error' && (row.at(-5) ?? '').includes('declined'))).toBe(true);
  });

  it('fails later rows of a failed Group ID with Zuora’s message (ImportFXRate)', async () => {
    const { records } = await completedResult('fx.csv', fxRateRows(18), 'ImportFXRate');
    const [header, ...rows] = records;
    const group = columnOf(header, 'Group ID');
    const message = columnOf(header, 'Error Message');
    const firstFailure = rows.findIndex((row) => row.at(-2) === 'N');
    const failedGroup = rows[firstFailure]?.[group];
    expect(rows[firstFailure]?.[message]).toMatch(/currency|exchange rate/i);
    const laterInGroup = rows.slice(firstFailure + 1).filter((row) => row[group] === failedGroup);
    expect(laterInGroup.length).toBeGreaterThan(0);
    expect(laterInGroup.every((row) => row.at(-2) === 'N' && row[message] === 'A previous row with the same Group ID failed')).toBe(true);
  });

  it('is a zip served only with the bearer token, the same bytes every time', async () => {
    const key = await uploadKey(sandbox.url, token);
    clock.advance(60_000);
    const { outputURL } = await getAction(sandbox.url, token, key);
    expect((await fetch(outputURL ?? '')).status).toBe(401);
    const download = async () => {
      const response = await fetch(outputURL ?? '', { headers: { Authorization: `Bearer ${token}` } });
      expect(response.headers.get('content-type')).toMatch(/^application\/zip/);
      return new Uint8Array(await response.arrayBuffer());
    };
    expect(await download()).toEqual(await download());
  });
});
