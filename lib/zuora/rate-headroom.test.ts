import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { ZuoraHttpClient } from './http-client';
import { RateHeadroom } from './rate-headroom';

function clock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    slept,
  };
}

const answer = (remaining: string | null, reset: string | null) => {
  const headers = new Headers();
  if (remaining !== null) headers.set('RateLimit-Remaining', remaining);
  if (reset !== null) headers.set('RateLimit-Reset', reset);
  return headers;
};

describe('RateHeadroom', () => {
  it('lets calls through at once while more than the reserve remains', async () => {
    const c = clock();
    const headroom = new RateHeadroom({ reserve: 5, now: c.now, sleep: c.sleep });
    headroom.observe(answer('100', '30'), 200);
    for (let i = 0; i < 50; i++) await headroom.waitForTurn();
    expect(c.slept).toEqual([]);
  });

  it('waits for the window to reset once only the reserve is left, counting the calls of a burst before their answers', async () => {
    const c = clock();
    const headroom = new RateHeadroom({ reserve: 5, now: c.now, sleep: c.sleep });
    headroom.observe(answer('8', '12'), 200);
    // 8 left, 5 kept: three go at once, the fourth waits the 12 s to the reset.
    await Promise.all(Array.from({ length: 4 }, () => headroom.waitForTurn()));
    expect(c.slept).toEqual([12_000]);
  });

  it('never waits longer than its bound, and forgets a budget whose window has passed', async () => {
    const c = clock();
    const headroom = new RateHeadroom({ reserve: 5, maxWaitMs: 2_000, now: c.now, sleep: c.sleep });
    headroom.observe(answer('0', '60'), 200);
    await headroom.waitForTurn();
    expect(c.slept).toEqual([2_000]);
    c.advance(60_000);
    await headroom.waitForTurn();
    expect(c.slept).toEqual([2_000]);
  });

  it("after a 429, waits as long as its Retry-After says, not for the window's reset", async () => {
    const c = clock();
    const headroom = new RateHeadroom({ reserve: 5, now: c.now, sleep: c.sleep });
    const tooMany = answer('0', '55');
    tooMany.set('Retry-After', '2');
    headroom.observe(tooMany, 429);
    await headroom.waitForTurn();
    expect(c.slept).toEqual([2_000]);
    await headroom.waitForTurn();
    expect(c.slept).toEqual([2_000]);
  });

  it('ignores answers without the headers, or with values that are not numbers', async () => {
    const c = clock();
    const headroom = new RateHeadroom({ reserve: 5, now: c.now, sleep: c.sleep });
    headroom.observe(answer(null, null), 200);
    headroom.observe(answer('-3', '10'), 200);
    headroom.observe(answer('lots', '10'), 200);
    await headroom.waitForTurn();
    expect(c.slept).toEqual([]);
  });
});

describe('the Zuora client', () => {
  it('waits for the reset before the next call once Zuora says its budget is spent', async () => {
    const slept: number[] = [];
    let calls = 0;
    const fakeFetch = (async () => {
      calls += 1;
      return new Response('{}', { status: 200, headers: { 'RateLimit-Remaining': '3', 'RateLimit-Reset': '7', 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const sleep = async (ms: number) => void slept.push(ms);
    const http = new ZuoraHttpClient({
      baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, maxRetries: 0, logger: pino({ level: 'silent' }), fetch: fakeFetch, sleep,
      tokens: { getToken: async () => 'token', invalidate: () => undefined } as never,
    });
    await http.requestJson({ method: 'GET', path: '/v1/bulk/x', idempotent: true });
    expect(slept).toEqual([]);
    await http.requestJson({ method: 'GET', path: '/v1/bulk/x', idempotent: true });
    expect(calls).toBe(2);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(6_000);
  });
});
