import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server';
import { control, getToken, startTestSandbox, upload } from './test-client';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ defaultBehaviour: { pendingMs: 0 } }));
  token = await getToken(sandbox.url);
});
afterEach(async () => {
  await control(sandbox.url, 'DELETE', 'faults');
  await control(sandbox.url, 'POST', 'stats/reset');
});
afterAll(() => sandbox.close());

const uploads = async () => ((await (await control(sandbox.url, 'GET', 'stats')).json()) as { uploads: Record<string, number> }).uploads;
const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });

describe('uploads in the stats, idempotent replays, slow answers', () => {
  it('counts new mass actions, replays and refusals apart', async () => {
    const first = await upload(sandbox.url, token, withKey('stats-1'));
    const replay = await upload(sandbox.url, token, withKey('stats-1'));
    expect([first.status, replay.status]).toEqual([200, 409]);
    await upload(sandbox.url, token, withKey('stats-2'));
    await upload(sandbox.url, token, { content: 'Object Key\nK1\n' });
    await upload(sandbox.url, token, { params: { actionType: 'Nope' } });
    await upload(sandbox.url, 'not-a-token');
    expect(await uploads()).toEqual({ accepted: 2, replayed: 1, refused: 3, abandoned: 0 });
  });

  it('never remembers a refused upload: the fixed file may be sent with the same key', async () => {
    expect((await upload(sandbox.url, token, { ...withKey('fix-me'), content: 'Object Key\nK1\n' })).status).toBe(400);
    expect((await upload(sandbox.url, token, withKey('fix-me'))).status).toBe(200);
    expect(await uploads()).toMatchObject({ accepted: 1, refused: 1, replayed: 0 });
  });

  it('answers a replay as the replay fault says: 409 or 200 with the original body, or 409 without a key', async () => {
    const original = await (await upload(sandbox.url, token, withKey('forms'))).json();
    await control(sandbox.url, 'POST', 'faults', { replay: 'original-200' });
    const asOk = await upload(sandbox.url, token, withKey('forms'));
    expect([asOk.status, await asOk.json()]).toEqual([200, original]);
    await control(sandbox.url, 'POST', 'faults', { replay: 'in-progress-409' });
    const inProgress = await upload(sandbox.url, token, withKey('forms'));
    expect(inProgress.status).toBe(409);
    const body = (await inProgress.json()) as { success: boolean; bulkKey?: string; reasons: Array<{ code: number; message: string }> };
    expect(body).toMatchObject({ success: false, reasons: [{ message: 'A request with the same Idempotency-Key is still in progress.' }] });
    expect(body.bulkKey).toBeUndefined();
    expect(await uploads()).toMatchObject({ accepted: 1, replayed: 2 });
  });

  it('slowAnswer does the work at once and holds the answer back, for the next N calls only', async () => {
    await control(sandbox.url, 'POST', 'faults', { slowAnswer: { count: 1, ms: 2000 } });
    const gaveUp = await upload(sandbox.url, token, { ...withKey('slow'), signal: AbortSignal.timeout(200) }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    expect(gaveUp).toBe('TimeoutError');
    expect(await uploads()).toMatchObject({ accepted: 1 });
    const started = performance.now();
    expect((await upload(sandbox.url, token, withKey('slow'))).status).toBe(409);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an upload whose client hung up during latencyMs is never read, so never created', async () => {
    await control(sandbox.url, 'POST', 'faults', { latencyMs: 400 });
    const gaveUp = await upload(sandbox.url, token, { ...withKey('late'), signal: AbortSignal.timeout(100) }).catch((error: Error) => error.name);
    expect(gaveUp).toBe('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await uploads()).toEqual({ accepted: 0, replayed: 0, refused: 0, abandoned: 1 });
    await control(sandbox.url, 'DELETE', 'faults');
    expect((await upload(sandbox.url, token, withKey('late'))).status).toBe(200);
  });
});
