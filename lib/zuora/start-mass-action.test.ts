import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { accountingCodeRows, csvFile, mpuRows, zipped } from '../../zuora-sandbox/scenario-files';
import { sandboxPerTest } from '../testing/sandbox-client';
import { ZuoraError } from './errors';
import type { StartMassActionInput } from './start-mass-action';

const { setup, closeAfterEach } = sandboxPerTest();
afterEach(closeAfterEach);

const codes = csvFile('accounting-codes.csv', accountingCodeRows(5));
const FILE = { name: codes.fileName, bytes: codes.bytes };
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const input = (idempotencyKey: string, extra: Partial<StartMassActionInput> = {}): StartMassActionInput => ({
  file: FILE, actionType: 'UpdateAccountingCode', checksum: md5(FILE.bytes), idempotencyKey, ...extra,
});
// Object Type is one of UpdateAccountingCode's required columns.
const WITHOUT_TYPE = { name: 'no-type.csv', bytes: new TextEncoder().encode('Object Key\nK1\n') };
const POSTS = 'POST /v1/bulk';

async function rejection(promise: Promise<unknown>): Promise<ZuoraError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZuoraError);
  return error as ZuoraError;
}

describe('startMassAction against the sandbox', () => {
  it('uploads the file with its params and answers the new bulk key with the call’s ids', async () => {
    const { client, control } = await setup();
    const started = await client.startMassAction(input('start-1'));
    expect(started).toEqual({
      bulkKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      replayed: false,
      meta: { status: 200, requestId: expect.stringMatching(/^[\w-]{36}$/), trackId: expect.stringMatching(/^mac-[\w-]{36}$/) },
    });
    expect((await client.getMassAction(started.bulkKey)).state).toMatchObject({ actionType: 'UpdateAccountingCode', inputSize: FILE.bytes.byteLength });
    const payments = zipped(csvFile('payments.csv', mpuRows(5)));
    const zip = await client.startMassAction({ file: { name: payments.fileName, bytes: payments.bytes }, actionType: 'MPU', idempotencyKey: 'start-2' });
    expect((await client.getMassAction(zip.bulkKey)).state).toMatchObject({ actionType: 'MPU', inputSize: payments.bytes.byteLength });
    expect((await control.stats()).uploads).toEqual({ accepted: 2, replayed: 0, refused: 0, abandoned: 0 });
  });

  it('answers a replay of the same key with the first bulk key, and Zuora holds one mass action', async () => {
    const { client, control } = await setup();
    const first = await client.startMassAction(input('replay-1'));
    const again = await client.startMassAction(input('replay-1'));
    expect(again).toMatchObject({ bulkKey: first.bulkKey, replayed: true, meta: { status: 409 } });
    const stats = await control.stats();
    expect(stats.uploads).toMatchObject({ accepted: 1, replayed: 1 });
    expect(stats.calls[POSTS]).toBe(2);
    // Zuora's guide says a replay returns "the same result": as a 200 it reads as a first upload, same key.
    await control.faults({ replay: 'original-200' });
    expect(await client.startMassAction(input('replay-1'))).toMatchObject({ bulkKey: first.bulkKey, replayed: false });
  });

  it('turns a 409 without a bulk key into an error saying the upload happened but its key is unknown', async () => {
    const { client, control } = await setup();
    await client.startMassAction(input('in-progress'));
    await control.faults({ replay: 'in-progress-409' });
    const error = await rejection(client.startMassAction(input('in-progress')));
    expect(error).toMatchObject({ kind: 'replayed_without_key', status: 409, requestId: expect.stringMatching(/^[\w-]{36}$/) });
    expect(error.message).toBe(
      'Zuora has already received this upload (409: its Idempotency-Key was used before) but did not give the bulk key of the mass action it started, ' +
        "so the console cannot follow it: find it in Zuora's Mass Updater before uploading the file again. " +
        'Zuora said: A request with the same Idempotency-Key is still in progress. (code 58100350)',
    );
    expect((await control.stats()).calls[POSTS]).toBe(2);
  });

  it("quotes Zuora's reasons when it refuses a file, as a 400 or as a 200 with success:false, and never retries", async () => {
    const { client, control } = await setup({ defaultBehaviour: { pendingMs: 0 } });
    const said = 'Missing required column for UpdateAccountingCode: Object Type. (code 58100122)';
    const as400 = await rejection(client.startMassAction(input('refused-1', { file: WITHOUT_TYPE, checksum: null })));
    expect(as400).toMatchObject({ kind: 'http', status: 400, retryable: false, message: `Zuora answered 400 to POST /v1/bulk: ${said}` });
    expect(as400.reasons).toEqual([{ code: '58100122', message: 'Missing required column for UpdateAccountingCode: Object Type.' }]);
    await control.behaviour({ refusalStatus: 200 });
    const as200 = await rejection(client.startMassAction(input('refused-2', { file: WITHOUT_TYPE, checksum: null })));
    expect(as200).toMatchObject({ kind: 'refused', status: 200, message: `Zuora answered 200 to POST /v1/bulk: ${said}` });
    expect((await control.stats()).uploads).toEqual({ accepted: 0, replayed: 0, refused: 2, abandoned: 0 });
    expect((await control.stats()).calls[POSTS]).toBe(2);

    // Or Zuora takes the file and the mass action fails as a whole: the client sees a bulk key.
    await control.behaviour({ badFile: 'fail' });
    const taken = await client.startMassAction(input('refused-3', { file: WITHOUT_TYPE, checksum: null }));
    expect((await client.getMassAction(taken.bulkKey)).state).toMatchObject({ status: 'Failed', outputUrl: null });
  });

  it('is refused when the checksum is not the file’s MD5', async () => {
    const { client, control } = await setup();
    const error = await rejection(client.startMassAction(input('checksum-1', { checksum: md5(new TextEncoder().encode('another file')) })));
    expect(error).toMatchObject({ kind: 'http', status: 400 });
    expect(error.message).toMatch(/^Zuora answered 400 to POST \/v1\/bulk: The checksum does not match the uploaded file\. \(code \d{8}\)$/);
    expect((await control.stats()).uploads).toMatchObject({ accepted: 0, refused: 1 });
  });

  it('retries 503 and 429 with the same key and starts one mass action', async () => {
    const { client, control } = await setup();
    await control.faults({ serverError: { count: 2, status: 503 } });
    const started = await client.startMassAction(input('retry-5xx'));
    await control.faults({ rateLimit: { count: 1, retryAfterSeconds: 0 } });
    await client.startMassAction(input('retry-429'));
    const stats = await control.stats();
    expect(stats.calls[POSTS]).toBe(5);
    expect(stats.uploads).toEqual({ accepted: 2, replayed: 0, refused: 0, abandoned: 0 });
    expect(started.replayed).toBe(false);
  });

  it('after a timeout on work Zuora did, retries with the same key and gets the replay: one mass action', async () => {
    const { client, control, logs } = await setup({}, { timeoutMs: 300 });
    await client.tokens.getToken();
    await control.faults({ slowAnswer: { count: 1, ms: 1500 } });
    const started = await client.startMassAction(input('timeout-1'));
    expect(started).toMatchObject({ replayed: true, meta: { status: 409 } });
    const stats = await control.stats();
    expect(stats.uploads).toEqual({ accepted: 1, replayed: 1, refused: 0, abandoned: 0 });
    expect(stats.calls[POSTS]).toBe(2);
    expect(logs.records().filter((r) => r.msg === 'zuora call failed').map((r) => (r.zuora as { error: string }).error)).toEqual(['timeout']);
    expect((await client.getMassAction(started.bulkKey)).state.actionType).toBe('UpdateAccountingCode');
  });

  it('after timeouts Zuora never read (latency), the same key later starts it exactly once', async () => {
    const { client, control } = await setup({}, { timeoutMs: 150, maxRetries: 2 });
    await client.tokens.getToken();
    await control.faults({ latencyMs: 400 });
    const error = await rejection(client.startMassAction(input('timeout-2')));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('Zuora did not answer POST /v1/bulk within 150 ms.');
    await control.faults({ latencyMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 600)); // the sandbox finishes the abandoned attempts
    expect((await control.stats()).uploads).toEqual({ accepted: 0, replayed: 0, refused: 0, abandoned: 3 });
    const started = await client.startMassAction(input('timeout-2'));
    expect(started.replayed).toBe(false);
    expect((await client.startMassAction(input('timeout-2'))).bulkKey).toBe(started.bulkKey);
    expect((await control.stats()).uploads).toMatchObject({ accepted: 1, replayed: 1 });
  });

  it('refuses an Idempotency-Key it could not send safely, before calling Zuora', async () => {
    const { client, control } = await setup();
    for (const key of ['', ' padded', 'k'.repeat(256), 'naïve', 'line\nbreak']) {
      await expect(client.startMassAction(input(key))).rejects.toThrow(TypeError);
    }
    expect((await control.stats()).calls[POSTS] ?? 0).toBe(0);
    expect((await client.startMassAction(input('k'.repeat(255)))).replayed).toBe(false);
  });

  it('never puts a credential in an error or a log line', async () => {
    const { client, control, config, logs } = await setup({}, { timeoutMs: 150, maxRetries: 0 });
    const token = await client.tokens.getToken();
    const errors = [
      await rejection(client.startMassAction(input('secret-1', { file: WITHOUT_TYPE, checksum: null }))),
      await rejection(client.startMassAction(input('secret-2', { checksum: '0'.repeat(32) }))),
    ];
    await client.startMassAction(input('secret-3'));
    await control.faults({ replay: 'in-progress-409' });
    errors.push(await rejection(client.startMassAction(input('secret-3'))));
    await control.faults({ latencyMs: 400 });
    errors.push(await rejection(client.startMassAction(input('secret-4'))));
    await control.faults({ latencyMs: 0, revokeTokens: true, tokenError: { count: 1, status: 401 } });
    errors.push(await rejection(client.startMassAction(input('secret-5'))));
    expect(errors.map((e) => e.kind)).toEqual(['http', 'http', 'replayed_without_key', 'timeout', 'token']);
    for (const error of errors) {
      const seen = [error.message, inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
      expect(seen).not.toContain(config.clientSecret);
      expect(seen).not.toContain(token);
      expect(seen).not.toMatch(/bearer /i);
    }
    const lines = logs.lines.join('\n');
    expect(lines).not.toContain(config.clientSecret);
    expect(lines).not.toContain(token);
  });
});
