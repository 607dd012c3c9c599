import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server';
import { control, getAction, getToken, requestToken, startTestSandbox, uploadKey } from './test-client';

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };
let token: string;
let completedKey: string;

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox({ defaultBehaviour: { pendingMs: 0, rowsPerSecond: 1000, failEvery: 2 } }));
  token = await getToken(sandbox.url);
  completedKey = await uploadKey(sandbox.url, token);
  clock.advance(1000);
});
afterEach(async () => {
  await control(sandbox.url, 'DELETE', 'faults');
});
afterAll(() => sandbox.close());

const getCompleted = () => fetch(`${sandbox.url}/v1/bulk/${completedKey}`, { headers: { Authorization: `Bearer ${token}` } });

async function codeOf(response: Response): Promise<number> {
  const body = (await response.json()) as { success: boolean; reasons: Array<{ code: number }> };
  expect(body.success).toBe(false);
  return body.reasons[0]?.code ?? 0;
}

describe('faults', () => {
  it('answers the next N /v1 calls with 429, Retry-After and category 70', async () => {
    await control(sandbox.url, 'POST', 'faults', { rateLimit: { count: 2, retryAfterSeconds: 7 } });
    for (let i = 0; i < 2; i += 1) {
      const limited = await getCompleted();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect((await codeOf(limited)) % 100).toBe(70);
    }
    expect((await getCompleted()).status).toBe(200);
  });

  it('answers the next N /v1 calls with the chosen 5xx (category 60 for 500, 61 otherwise)', async () => {
    await control(sandbox.url, 'POST', 'faults', { serverError: { count: 1, status: 503 } });
    const unavailable = await getCompleted();
    expect(unavailable.status).toBe(503);
    expect((await codeOf(unavailable)) % 100).toBe(61);
    await control(sandbox.url, 'POST', 'faults', { serverError: { count: 1, status: 500 } });
    const internal = await getCompleted();
    expect(internal.status).toBe(500);
    expect((await codeOf(internal)) % 100).toBe(60);
    expect((await getCompleted()).status).toBe(200);
  });

  it('serves the result file truncated mid-zip, or as non-zip garbage', async () => {
    const { outputURL } = await getAction(sandbox.url, token, completedKey);
    const fetchFile = async () => new Uint8Array(await (await fetch(outputURL ?? '', { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer());
    const intact = await fetchFile();
    expect(Object.keys(unzipSync(intact))).toHaveLength(1);
    await control(sandbox.url, 'POST', 'faults', { resultFile: 'truncated' });
    const truncated = await fetchFile();
    expect(truncated.byteLength).toBeLessThan(intact.byteLength);
    expect(() => unzipSync(truncated)).toThrow();
    await control(sandbox.url, 'POST', 'faults', { resultFile: 'corrupt' });
    const corrupt = await fetchFile();
    expect(corrupt[0]).not.toBe(0x50); // not "PK"
    expect(() => unzipSync(corrupt)).toThrow();
    await control(sandbox.url, 'POST', 'faults', { resultFile: null });
    expect(await fetchFile()).toEqual(intact);
  });

  it('points outputURL at a foreign host when asked', async () => {
    await control(sandbox.url, 'POST', 'faults', { foreignOutputUrl: true });
    expect((await getAction(sandbox.url, token, completedKey)).outputURL).toMatch(/^https:\/\/files\.example\.net\/v1\/files\/[0-9a-f]{32}$/);
  });

  it('delays answers by latencyMs', async () => {
    await control(sandbox.url, 'POST', 'faults', { latencyMs: 300 });
    const started = performance.now();
    expect((await getCompleted()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('fails the next token requests with the chosen status', async () => {
    await control(sandbox.url, 'POST', 'faults', { tokenError: { count: 1, status: 500 } });
    expect((await requestToken(sandbox.url)).status).toBe(500);
    await control(sandbox.url, 'POST', 'faults', { tokenError: { count: 1, status: 401 } });
    expect((await requestToken(sandbox.url)).status).toBe(401);
    expect((await requestToken(sandbox.url)).status).toBe(200);
  });

  it('shows, merges and clears faults, and refuses invalid ones', async () => {
    await control(sandbox.url, 'POST', 'faults', { latencyMs: 5 });
    await control(sandbox.url, 'POST', 'faults', { foreignOutputUrl: true });
    expect(await (await control(sandbox.url, 'GET', 'faults')).json()).toMatchObject({ latencyMs: 5, foreignOutputUrl: true });
    const cleared = await control(sandbox.url, 'DELETE', 'faults');
    expect(await cleared.json()).toMatchObject({ latencyMs: 0, foreignOutputUrl: false, rateLimit: null });
    expect((await control(sandbox.url, 'POST', 'faults', { serverError: { count: 1, status: 418 } })).status).toBe(400);
    const notJson = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await codeOf(notJson)) % 100).toBe(90);
  });
});
