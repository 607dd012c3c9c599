import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile, fxRateRows } from './scenario-files';
import type { Sandbox } from './server';
import { getAction, getToken, startTestSandbox, upload } from './test-client';

let sandbox: Sandbox;
let token: string;
const CSV = 'Object Key,Object Type,Deferred Revenue Accounting Code\nINV-1,Invoice Item,DR-1\nINV-2,Invoice Item,DR-2\n';

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ defaultBehaviour: { pendingMs: 0, rowsPerSecond: 1000 } }));
  token = await getToken(sandbox.url);
});
afterAll(() => sandbox.close());

async function reasonOf(response: Response): Promise<{ code: number; message: string }> {
  const body = (await response.json()) as { success: boolean; reasons: Array<{ code: number; message: string }> };
  expect(body.success).toBe(false);
  const reason = body.reasons[0];
  if (!reason) throw new Error('no reason');
  expect(String(reason.code)).toMatch(/^\d{8}$/);
  return reason;
}

describe('POST /v1/bulk', () => {
  it('accepts a csv and answers a 32-character bulk key', async () => {
    const response = await upload(sandbox.url, token, { content: CSV });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { bulkKey: string; success: boolean };
    expect(body).toEqual({ bulkKey: expect.stringMatching(/^[0-9a-f]{32}$/), success: true });
    const action = await getAction(sandbox.url, token, body.bulkKey);
    expect(action).toMatchObject({ actionType: 'UpdateAccountingCode', totalCount: 2, inputSize: CSV.length });
  });

  it('accepts a zip holding one csv, and reports the zip size as inputSize', async () => {
    const zip = zipSync({ 'rates.csv': csvFile('rates.csv', fxRateRows(2)).bytes });
    const response = await upload(sandbox.url, token, { fileName: 'rates.zip', content: zip, params: { actionType: 'ImportFXRate' } });
    const { bulkKey } = (await response.json()) as { bulkKey: string };
    expect(await getAction(sandbox.url, token, bulkKey)).toMatchObject({ actionType: 'ImportFXRate', totalCount: 2, inputSize: zip.byteLength });
  });

  it('refuses a zip holding two csv files, and a file that is neither csv nor zip', async () => {
    const twoCsv = zipSync({ 'a.csv': strToU8(CSV), 'b.csv': strToU8(CSV) });
    const zipResponse = await upload(sandbox.url, token, { fileName: 'codes.zip', content: twoCsv });
    expect(zipResponse.status).toBe(400);
    expect((await reasonOf(zipResponse)).message).toContain('exactly one .csv');
    const xlsx = await upload(sandbox.url, token, { fileName: 'codes.xlsx', content: CSV });
    expect(xlsx.status).toBe(400);
  });

  it('caps the file at 4 MB', async () => {
    const big = CSV + 'x'.repeat(4 * 1024 * 1024);
    const response = await upload(sandbox.url, token, { content: big });
    expect(response.status).toBe(400);
    expect((await reasonOf(response)).message).toContain('4 MB');
  });

  it('answers an unknown actionType with HTTP 200 but success:false, and a missing one with 400', async () => {
    const unknown = await upload(sandbox.url, token, { content: CSV, params: { actionType: 'UpdateEverything' } });
    expect(unknown.status).toBe(200);
    const reason = await reasonOf(unknown);
    expect(reason.code % 100).toBe(20);
    expect(reason.message).toContain('UpdateEverything');
    const missing = await upload(sandbox.url, token, { content: CSV, params: {} });
    expect(missing.status).toBe(400);
    expect((await reasonOf(missing)).code % 100).toBe(22);
  });

  it('refuses params that are not JSON (category 90) or carry unknown fields (category 21)', async () => {
    const garbage = await upload(sandbox.url, token, { content: CSV, params: '{actionType:' });
    expect(garbage.status).toBe(400);
    expect((await reasonOf(garbage)).code % 100).toBe(90);
    const extra = await upload(sandbox.url, token, { content: CSV, params: { actionType: 'MPU', mode: 'fast' } });
    expect(extra.status).toBe(400);
    expect((await reasonOf(extra)).code % 100).toBe(21);
  });

  it('checks the MD5 checksum when given', async () => {
    const good = createHash('md5').update(CSV).digest('hex');
    expect((await upload(sandbox.url, token, { content: CSV, params: { actionType: 'UpdateAccountingCode', checksum: good.toUpperCase() } })).status).toBe(200);
    const bad = await upload(sandbox.url, token, { content: CSV, params: { actionType: 'UpdateAccountingCode', checksum: 'f'.repeat(32) } });
    expect(bad.status).toBe(400);
    expect((await reasonOf(bad)).message).toContain('checksum');
  });

  it('replays an Idempotency-Key with 409 and the original body, and refuses keys over 255 chars', async () => {
    const headers = { 'Idempotency-Key': 'upload-2026-11-29-001' };
    const first = await upload(sandbox.url, token, { content: CSV, headers });
    const original = (await first.json()) as { bulkKey: string };
    const replay = await upload(sandbox.url, token, { content: CSV, headers });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual(original);
    const tooLong = await upload(sandbox.url, token, { content: CSV, headers: { 'Idempotency-Key': 'k'.repeat(256) } });
    expect(tooLong.status).toBe(400);
  });

  it('refuses a bad X-Sandbox-Behaviour header with a clear message', async () => {
    const notJson = await upload(sandbox.url, token, { content: CSV, headers: { 'X-Sandbox-Behaviour': '{pending' } });
    expect(notJson.status).toBe(400);
    expect((await reasonOf(notJson)).message).toContain('X-Sandbox-Behaviour');
    const wrongField = await upload(sandbox.url, token, { content: CSV, behaviour: { pendingMs: -1 } });
    expect(wrongField.status).toBe(400);
    expect((await reasonOf(wrongField)).message).toContain('pendingMs');
  });

  it('answers garbage bodies with Zuora-shaped 400s, never a crash', async () => {
    const notMultipart = await fetch(`${sandbox.url}/v1/bulk`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"actionType":"MPU"}',
    });
    expect(notMultipart.status).toBe(400);
    await reasonOf(notMultipart);
    const broken = await fetch(`${sandbox.url}/v1/bulk`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nunterminated',
    });
    expect(broken.status).toBe(400);
    await reasonOf(broken);
    const noFile = await upload(sandbox.url, token, { content: 'Only Header\n' });
    expect(noFile.status).toBe(400);
    expect((await reasonOf(noFile)).message).toContain('no records');
    expect((await upload(sandbox.url, token, { content: CSV })).status).toBe(200);
  });
});
