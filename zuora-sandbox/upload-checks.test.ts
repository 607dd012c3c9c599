import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionType } from './action-types';
import { accountingCodeRows, csvFile, fxRateRows, mpuRows, revenueScheduleCreateRows, revenueScheduleDeleteRows, revenueScheduleUpdateRows } from './scenario-files';
import type { Sandbox } from './server';
import { control, downloadResult, getAction, getToken, startTestSandbox, upload, uploadKey } from './test-client';

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };
let token: string;

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox({ defaultBehaviour: { pendingMs: 0, rowsPerSecond: 1000, failEvery: 0 } }));
  token = await getToken(sandbox.url);
});
afterEach(async () => {
  await control(sandbox.url, 'DELETE', 'behaviour');
});
afterAll(() => sandbox.close());

// Each type's scenario file, and its ✱ columns as shared/zuora/upload-files.md lists them.
const FILES: Record<ActionType, { rows: string[][]; required: string[] }> = {
  UpdateAccountingCode: { rows: accountingCodeRows(3), required: ['Object Key', 'Object Type'] },
  CreateRevenueSchedule: { rows: revenueScheduleCreateRows(4), required: [] },
  UpdateRevenueSchedule: { rows: revenueScheduleUpdateRows(3), required: ['Revenue Schedule Number'] },
  DeleteRevenueSchedule: { rows: revenueScheduleDeleteRows(3), required: ['Revenue Schedule Number'] },
  ImportFXRate: { rows: fxRateRows(3), required: ['Provider Exchange Rate Date', 'Currency (From)', 'Currency (To)', 'Exchange Rate'] },
  MPU: { rows: mpuRows(3), required: ['Payment Amount', 'Currency', 'Payment Date', 'Payment Method ID'] },
};

const withoutColumn = (rows: string[][], name: string) => {
  const index = rows[0]?.indexOf(name) ?? -1;
  expect(index, name).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row.filter((_, i) => i !== index));
};

function send(actionType: string, rows: string[][], extra: { behaviour?: unknown; fileName?: string } = {}): Promise<Response> {
  const fileName = extra.fileName ?? 'upload.csv';
  return upload(sandbox.url, token, { fileName, content: csvFile(fileName, rows).bytes, params: { actionType }, behaviour: extra.behaviour });
}

async function refusalOf(response: Response, status = 400): Promise<{ code: number; message: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { success: boolean; reasons: Array<{ code: number; message: string }> };
  expect(body.success).toBe(false);
  return body.reasons[0] ?? { code: 0, message: '' };
}

async function settled(bulkKey: string) {
  clock.advance(60_000);
  return getAction(sandbox.url, token, bulkKey);
}

describe('what POST /v1/bulk checks per action type', () => {
  it.each(Object.entries(FILES))('%s: takes Zuora’s columns, refuses a file without a required one', async (actionType, { rows, required }) => {
    expect((await send(actionType, rows)).status).toBe(200);
    for (const name of required) {
      const reason = await refusalOf(await send(actionType, withoutColumn(rows, name)));
      expect(reason.message).toBe(`Missing required column for ${actionType}: ${name}.`);
      expect(reason.code % 100).toBe(22);
    }
  });

  it('names every missing column, and refuses a file meant for another type', async () => {
    const reason = await refusalOf(await send('ImportFXRate', FILES.MPU.rows));
    expect(reason.message).toBe('Missing required columns for ImportFXRate: Provider Exchange Rate Date, Currency (From), Currency (To), Exchange Rate.');
  });

  it('CreateRevenueSchedule needs Subscription Charge Key unless Linked Transaction Key is there, per column and per row', async () => {
    const rows = FILES.CreateRevenueSchedule.rows;
    const neither = withoutColumn(withoutColumn(rows, 'Subscription Charge Key'), 'Linked Transaction Key');
    expect((await refusalOf(await send('CreateRevenueSchedule', neither))).message).toBe(
      'Missing required column for CreateRevenueSchedule: Subscription Charge Key (or Linked Transaction Key).',
    );
    // Only the linked column left: the rows that named a charge now name nothing, and fail on their own.
    const key = await uploadKey(sandbox.url, token, { fileName: 'linked.csv', content: csvFile('linked.csv', withoutColumn(rows, 'Subscription Charge Key')).bytes, params: { actionType: 'CreateRevenueSchedule' } });
    const action = await settled(key);
    expect(action).toMatchObject({ status: 'Completed', successCount: 1, errorCount: 3 });
    const { records } = await downloadResult(action.outputURL ?? '', token);
    expect(records.slice(1).map((row) => row.at(-2))).toEqual([
      'Subscription Charge Key is required unless Linked Transaction Key is given',
      'Subscription Charge Key is required unless Linked Transaction Key is given',
      'Subscription Charge Key is required unless Linked Transaction Key is given',
      '',
    ]);
  });

  it('fails a row whose required value is blank, and the later rows of its group', async () => {
    const rows = [['Group ID', 'Object Key', 'Object Type'], ['g1', '', 'Invoice Item'], ['g1', 'K2', 'Invoice Item'], ['', 'K3', ' ']];
    const action = await settled(await uploadKey(sandbox.url, token, { content: csvFile('blank.csv', rows).bytes }));
    const { records } = await downloadResult(action.outputURL ?? '', token);
    expect(records.slice(1).map((row) => row.slice(-2))).toEqual([
      ['N', 'Object Key is required'],
      ['N', 'A previous row with the same Group ID failed'],
      ['N', 'Object Type is required'],
    ]);
  });

  it('finds columns by name in any order, among # columns, exactly as Zuora writes them unless headerMatch is loose', async () => {
    const shuffled = [['# Note', 'Object Type', '#', 'Object Key'], ['n', 'Invoice Item', '', 'K1']];
    expect((await send('UpdateAccountingCode', shuffled)).status).toBe(200);
    const commented = [['# Object Key', 'Object Type'], ['K1', 'Invoice Item']];
    expect((await refusalOf(await send('UpdateAccountingCode', commented))).message).toContain('Object Key');
    const padded = [['Object Key ', 'Object Type'], ['K1', 'Invoice Item']];
    expect((await refusalOf(await send('UpdateAccountingCode', padded))).message).toBe('Missing required column for UpdateAccountingCode: Object Key.');
    const lower = [['object key', ' Object  TYPE'], ['K1', 'Invoice Item']];
    expect((await refusalOf(await send('UpdateAccountingCode', lower))).message).toBe('Missing required columns for UpdateAccountingCode: Object Key, Object Type.');
    const key = await uploadKey(sandbox.url, token, { content: csvFile('lower.csv', lower).bytes, behaviour: { headerMatch: 'loose' } });
    expect(await settled(key)).toMatchObject({ status: 'Completed', successCount: 1 });
  });
});

describe('how a bad upload fails (unconfirmed: every form is a behaviour)', () => {
  const missingType = [['Object Key'], ['K1']];

  it('refusalStatus 200 answers a refusal as HTTP 200 with success:false and the same reasons', async () => {
    const as400 = await refusalOf(await send('UpdateAccountingCode', missingType));
    const as200 = await refusalOf(await send('UpdateAccountingCode', missingType, { behaviour: { refusalStatus: 200 } }), 200);
    expect(as200).toEqual(as400);
    const checksum = await upload(sandbox.url, token, { params: { actionType: 'UpdateAccountingCode', checksum: '0'.repeat(32) }, behaviour: { refusalStatus: 200 } });
    expect((await refusalOf(checksum, 200)).message).toContain('checksum');
  });

  it('badFile fail accepts a bad file and ends its mass action Failed, with no result file', async () => {
    const bad = [
      csvFile('missing.csv', missingType),
      csvFile('no-records.csv', [['Object Key', 'Object Type']]),
      { fileName: 'latin1.csv', bytes: new Uint8Array([...strToU8('Object Key,Object Type\nK1,Factur'), 0xe9, 0x0a]) },
    ];
    for (const file of bad) {
      const key = await uploadKey(sandbox.url, token, { fileName: file.fileName, content: file.bytes, behaviour: { badFile: 'fail', pendingMs: 500 } });
      expect((await getAction(sandbox.url, token, key)).status).toBe('Pending');
      expect(await settled(key)).toMatchObject({ status: 'Failed', outputURL: null, processedCount: 0 });
    }
  });

  it('refuses what is no CSV at all (wrong type, a zip of two) and a wrong checksum whatever badFile says', async () => {
    const twoCsv = zipSync({ 'a.csv': strToU8('Object Key,Object Type\nK,Invoice Item\n'), 'b.csv': strToU8('x\n') });
    const behaviour = { badFile: 'fail' };
    expect((await upload(sandbox.url, token, { fileName: 'both.zip', content: twoCsv, behaviour })).status).toBe(400);
    expect((await upload(sandbox.url, token, { fileName: 'codes.xlsx', behaviour })).status).toBe(400);
    expect((await upload(sandbox.url, token, { params: { actionType: 'UpdateAccountingCode', checksum: 'a'.repeat(32) }, behaviour })).status).toBe(400);
  });

  it('takes behaviours through the control API for uploads that carry no header; the header still wins', async () => {
    const set = await control(sandbox.url, 'POST', 'behaviour', { badFile: 'fail', refusalStatus: 200 });
    expect(await set.json()).toMatchObject({ badFile: 'fail', refusalStatus: 200, headerMatch: 'exact', pendingMs: 0 });
    expect((await send('UpdateAccountingCode', missingType)).status).toBe(200);
    expect(await (await send('UpdateAccountingCode', missingType)).json()).toMatchObject({ success: true });
    await refusalOf(await send('UpdateAccountingCode', missingType, { behaviour: { badFile: 'refuse' } }), 200);
    expect(await (await control(sandbox.url, 'DELETE', 'behaviour')).json()).toMatchObject({ badFile: 'refuse', refusalStatus: 400 });
    await refusalOf(await send('UpdateAccountingCode', missingType));
    expect((await control(sandbox.url, 'POST', 'behaviour', { badFile: 'maybe' })).status).toBe(400);
  });
});
