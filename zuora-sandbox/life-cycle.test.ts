import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server';
import { downloadResult, getAction, getToken, startTestSandbox, stopAction, uploadKey } from './test-client';

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };
let token: string;

const rows = Array.from({ length: 100 }, (_, i) => `INV-${i},Invoice Item,DR-${i % 5}`);
const CSV = ['Object Key,Object Type,Deferred Revenue Accounting Code', ...rows].join('\n') + '\n';
// 1 s pending, then 10 rows a second: 10 s of processing; rows 7, 14, … fail.
const behaviour = { pendingMs: 1000, rowsPerSecond: 10, failEvery: 7, stoppingMs: 2000 };

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox());
  token = await getToken(sandbox.url);
});
afterAll(() => sandbox.close());

const counts = (action: Record<string, unknown>) => [action.totalCount, action.processedCount, action.successCount, action.errorCount];

describe('a mass action over time', () => {
  it('goes Pending (null counts) → Processing (live counts) → Completed with a result file', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour });
    const pending = await getAction(sandbox.url, token, key);
    expect(pending.status).toBe('Pending');
    expect(counts(pending)).toEqual([null, null, null, null]);
    expect(pending).toMatchObject({ outputURL: null, startedOn: null, endedOn: null });
    expect(pending.uploadedOn).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    clock.advance(1000 + 4500); // 45 rows processed: rows 7 … 42 failed
    const processing = await getAction(sandbox.url, token, key);
    expect(processing.status).toBe('Processing');
    expect(counts(processing)).toEqual([100, 45, 39, 6]);
    expect(processing.startedOn).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(processing.outputURL).toBeNull();

    clock.advance(6000);
    const completed = await getAction(sandbox.url, token, key);
    expect(completed.status).toBe('Completed');
    expect(counts(completed)).toEqual([100, 100, 86, 14]);
    expect(completed.endedOn).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(completed.outputURL).toMatch(new RegExp(`^${sandbox.url}/v1/files/[0-9a-f]{32}$`));
    expect(completed.outputSize).toBeGreaterThan(0);

    const result = await downloadResult(completed.outputURL ?? '', token);
    const [header, ...resultRows] = result.records;
    expect(header).toEqual(['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Success', 'Error Message']);
    expect(resultRows.map((row) => row.slice(0, 3).join(','))).toEqual(rows);
    expect(resultRows.filter((row) => row[3] === 'N')).toHaveLength(14);
    expect(resultRows[6]?.[3]).toBe('N');
    expect(resultRows[6]?.[4]).not.toBe('');
    expect(resultRows.every((row) => (row[3] === 'Y') === (row[4] === ''))).toBe(true);
  });

  it('stops while Processing: Stopping, then Stopped with frozen counts and blank Success for the rest', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour });
    clock.advance(1000 + 3000); // 30 rows processed
    expect((await stopAction(sandbox.url, token, key)).status).toBe(200);
    const stopping = await getAction(sandbox.url, token, key);
    expect(stopping.status).toBe('Stopping');
    expect(stopping.outputURL).toBeNull();
    clock.advance(2000);
    const stopped = await getAction(sandbox.url, token, key);
    expect(stopped.status).toBe('Stopped');
    expect(counts(stopped)).toEqual([100, 30, 26, 4]);
    const { records } = await downloadResult(stopped.outputURL ?? '', token);
    const success = records.slice(1).map((row) => row[3]);
    expect(success.filter((value) => value === 'Y' || value === 'N')).toHaveLength(30);
    expect(success.slice(30).every((value) => value === '')).toBe(true);
    clock.advance(60_000);
    expect(counts(await getAction(sandbox.url, token, key))).toEqual([100, 30, 26, 4]);
  });

  it('stops while Pending: Stopped without counts, outputURL or file', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour });
    expect(await (await stopAction(sandbox.url, token, key)).json()).toEqual({ success: true });
    clock.advance(2000);
    const stopped = await getAction(sandbox.url, token, key);
    expect(stopped).toMatchObject({ status: 'Stopped', outputURL: null, startedOn: null, outputSize: 0 });
    expect(stopped.endedOn).not.toBeNull();
    expect(counts(stopped)).toEqual([null, null, null, null]);
  });

  it('refuses to stop a Completed (or Stopping) action, in Zuora error shape', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour: { pendingMs: 0, rowsPerSecond: 1000 } });
    clock.advance(1000);
    const refused = await stopAction(sandbox.url, token, key);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { success: boolean; reasons: Array<{ code: number; message: string }> };
    expect(body.success).toBe(false);
    expect(body.reasons[0]?.code).toBe(50000030);
    expect(body.reasons[0]?.message).toContain('Completed');

    const other = await uploadKey(sandbox.url, token, { content: CSV, behaviour });
    await stopAction(sandbox.url, token, other);
    expect((await stopAction(sandbox.url, token, other)).status).toBe(400);
  });

  it('fails as a whole with outcome "fail": nothing processed, no file', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour: { ...behaviour, outcome: 'fail' } });
    expect((await getAction(sandbox.url, token, key)).status).toBe('Pending');
    clock.advance(1000);
    const failed = await getAction(sandbox.url, token, key);
    expect(failed).toMatchObject({ status: 'Failed', outputURL: null, processedCount: 0, successCount: 0, errorCount: 0 });
  });

  it('answers counts as strings when countsAsStrings is on', async () => {
    const key = await uploadKey(sandbox.url, token, { content: CSV, behaviour: { ...behaviour, countsAsStrings: true } });
    expect(counts(await getAction(sandbox.url, token, key))).toEqual([null, null, null, null]);
    clock.advance(1000 + 2000);
    expect(counts(await getAction(sandbox.url, token, key))).toEqual(['100', '20', '18', '2']);
  });

  it('answers 404 for an unknown key and 400 for a malformed one, both in Zuora error shape', async () => {
    const unknown = await fetch(`${sandbox.url}/v1/bulk/${'a'.repeat(32)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { reasons: Array<{ code: number }> }).reasons[0]?.code).toBe(50000040);
    const malformed = await fetch(`${sandbox.url}/v1/bulk/not-a-key`, { headers: { Authorization: `Bearer ${token}` } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { success: boolean }).success).toBe(false);
    const unknownFile = await fetch(`${sandbox.url}/v1/files/${'b'.repeat(32)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(unknownFile.status).toBe(404);
  });
});
