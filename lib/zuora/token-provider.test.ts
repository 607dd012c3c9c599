import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPerTest } from '../testing/sandbox-client';
import { ZuoraError } from './errors';
import { TOKEN_FAILURE_BACKOFF, TokenProvider, tokenFailureBackoffMs } from './token-provider';

// The back-off after a failed token request, over real HTTP against the sandbox, on the client's own clock.

const { setup, closeAfterEach } = sandboxPerTest();
afterEach(closeAfterEach);

/** 50 callers at once: the reasons they were refused (all of them must be refused). */
async function fiftyRefusals(call: () => Promise<unknown>): Promise<ZuoraError[]> {
  const settled = await Promise.allSettled(Array.from({ length: 50 }, call));
  expect(settled.every((s) => s.status === 'rejected')).toBe(true);
  return settled.map((s) => (s.status === 'rejected' ? s.reason : null) as ZuoraError);
}

describe('the token provider after a failed token request', () => {
  it('answers everyone with the last failure during the back-off, without asking Zuora again', async () => {
    const { client, control } = await setup({}, { clientSecret: 'not-the-secret' });
    const first = await fiftyRefusals(() => client.tokens.getToken());
    expect((await control.stats()).tokenRequests).toBe(1);
    expect(first[0]).toMatchObject({ kind: 'token', status: 401, retryable: false });
    expect(first[0]?.message).toMatch(/refused the OAuth client credentials/);

    const started = performance.now();
    const again = await fiftyRefusals(() => client.tokens.getToken());
    expect(performance.now() - started).toBeLessThan(100); // at once: no request, no retry delay
    expect(new Set(again.map((e) => e.message))).toEqual(new Set([first[0]?.message]));

    // API calls too: none retries the token inside the call, none reaches /v1.
    const calls = await fiftyRefusals(() => client.getMassAction('a'.repeat(32)));
    expect(calls.every((e) => e.kind === 'token')).toBe(true);
    const stats = await control.stats();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.calls['GET /v1/bulk/{bulk-key}'] ?? 0).toBe(0);
  });

  it('backs off when Zuora cannot be reached at all', async () => {
    let tokenRequests = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/oauth/token')) tokenRequests += 1;
      return fetch(input, init);
    };
    const { client, sandbox } = await setup({}, {}, undefined, countingFetch);
    await sandbox.close();
    const first = await fiftyRefusals(() => client.tokens.getToken());
    await fiftyRefusals(() => client.tokens.getToken());
    expect(first[0]?.message).toBe('Zuora could not be reached to obtain a token.');
    expect(tokenRequests).toBe(1);
  });

  it('asks again once the back-off ends, waits longer after each failure in a row, and recovers', async () => {
    let clock = Date.now();
    const { config, logs, control } = await setup();
    const tokens = new TokenProvider({ ...config, logger: logs.logger, now: () => clock });
    const requests = async () => (await control.stats()).tokenRequests;
    await control.faults({ tokenError: { count: 3, status: 500 } });

    // The n-th failure in a row backs off between half and all of 5 s × 2^(n-1).
    for (const [failure, nominal] of [[1, 5_000], [2, 10_000], [3, 20_000]] as const) {
      await expect(tokens.getToken()).rejects.toMatchObject({ kind: 'token', status: 500 });
      expect(await requests()).toBe(failure);
      clock += nominal / 2 - 1;
      await fiftyRefusals(() => tokens.getToken());
      expect(await requests()).toBe(failure);
      clock += nominal / 2 + 1;
    }

    // The fault is spent: the next caller gets a token, and everyone after it the same one, from the cache.
    const tokensAtOnce = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));
    expect(new Set(tokensAtOnce).size).toBe(1);
    expect(await requests()).toBe(4);

    // A success resets the back-off: a new failure waits 5 s at most again, not 40.
    tokens.invalidate(tokensAtOnce[0] ?? '');
    await control.faults({ tokenError: { count: 1, status: 500 } });
    await expect(tokens.getToken()).rejects.toMatchObject({ kind: 'token' });
    clock += TOKEN_FAILURE_BACKOFF.firstMs;
    await expect(tokens.getToken()).resolves.toMatch(/\w+/);
    expect(await requests()).toBe(6);
  });

  it('keeps the back-off bounded: 2.5 to 5 s at first, never over 2 minutes', () => {
    const bounds = (failures: number) => [tokenFailureBackoffMs(failures, () => 0), tokenFailureBackoffMs(failures, () => 0.999_999)];
    expect(bounds(1)).toEqual([2_500, 5_000]);
    expect(bounds(2)).toEqual([5_000, 10_000]);
    expect(bounds(6)).toEqual([60_000, 120_000]);
    expect(bounds(40)).toEqual([60_000, 120_000]);
  });
});
