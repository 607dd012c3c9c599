import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server';
import { control, getToken, startTestSandbox, uploadKey } from './test-client';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  token = await getToken(sandbox.url);
});
afterAll(() => sandbox.close());

/** A raw request, so the test sees the bytes on the wire (fetch would gunzip them silently). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP conventions', () => {
  it('puts Zuora headers on every answer and echoes Zuora-Track-Id', async () => {
    for (const path of [`/v1/bulk/${'a'.repeat(32)}`, '/v1/nothing-here']) {
      const { headers } = await rawGet(path, { Authorization: `Bearer ${token}`, 'Zuora-Track-Id': 'console-run-42' });
      expect(headers['zuora-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers['zuora-track-id']).toBe('console-run-42');
      expect(headers['ratelimit-limit']).toMatch(/^\d+/);
      expect(Number(headers['ratelimit-remaining'])).toBeGreaterThan(0);
      expect(Number(headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(headers['concurrency-limit-type']).toBeTruthy();
      expect(Number(headers['concurrency-limit-limit'])).toBe(40);
      expect(Number(headers['concurrency-limit-remaining'])).toBeLessThanOrEqual(40);
    }
    const { headers } = await rawGet('/v1/nothing-here', {});
    expect(headers['zuora-track-id']).toBeUndefined();
  });

  it('gzips bodies over 1,000 bytes only when the client accepts gzip', async () => {
    const longPath = `/v1/${'x'.repeat(1200)}`;
    const gzipped = await rawGet(longPath, { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(JSON.parse(gunzipSync(gzipped.body).toString()).success).toBe(false);
    const plain = await rawGet(longPath, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).success).toBe(false);
    const small = await rawGet('/v1/short', { 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('answers unknown routes 404 (category 40) and wrong methods 405 (category 45)', async () => {
    const notFound = await fetch(`${sandbox.url}/v1/bulks`);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { reasons: Array<{ code: number }> }).reasons[0]?.code).toBe(50000040);
    const wrongMethod = await fetch(`${sandbox.url}/v1/bulk/${'a'.repeat(32)}`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(((await wrongMethod.json()) as { reasons: Array<{ code: number }> }).reasons[0]?.code).toBe(50000045);
  });

  it('counts calls by route template and bulk key, and resets the counts', async () => {
    expect((await control(sandbox.url, 'POST', 'stats/reset')).status).toBe(200);
    const key = await uploadKey(sandbox.url, token);
    await getToken(sandbox.url);
    const auth = { Authorization: `Bearer ${token}` };
    await Promise.all([1, 2, 3].map(() => fetch(`${sandbox.url}/v1/bulk/${key}`, { headers: auth })));
    await fetch(`${sandbox.url}/v1/bulk/${key}/stop`, { method: 'PUT', headers: auth });
    const stats = (await (await control(sandbox.url, 'GET', 'stats')).json()) as {
      tokenRequests: number;
      calls: Record<string, number>;
      callsByBulkKey: Record<string, number>;
      uploads: Record<string, number>;
    };
    expect(stats.tokenRequests).toBe(1);
    expect(stats.calls).toEqual({
      'POST /v1/bulk': 1,
      'POST /oauth/token': 1,
      'GET /v1/bulk/{bulk-key}': 3,
      'PUT /v1/bulk/{bulk-key}/stop': 1,
    });
    expect(stats.callsByBulkKey).toEqual({ [key]: 4 });
    expect(stats.uploads).toEqual({ accepted: 1, replayed: 0, refused: 0, abandoned: 0 });
    await control(sandbox.url, 'POST', 'stats/reset');
    expect(await (await control(sandbox.url, 'GET', 'stats')).json()).toEqual({
      tokenRequests: 0, calls: {}, callsByBulkKey: {}, uploads: { accepted: 0, replayed: 0, refused: 0, abandoned: 0 },
    });
  });

  it('moves its clock forward through the control API', async () => {
    const before = (await (await control(sandbox.url, 'GET', 'clock')).json()) as { now: number };
    const after = (await (await control(sandbox.url, 'POST', 'clock', { advanceMs: 60_000 })).json()) as { now: number };
    expect(after.now - before.now).toBe(60_000);
  });
});
