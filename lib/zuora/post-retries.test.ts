import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPerTest } from '../testing/sandbox-client';
import { ZuoraHttpClient } from './http-client';
import { mayRetry } from './retry-policy';

const { setup, closeAfterEach } = sandboxPerTest();
afterEach(closeAfterEach);

function uploadForm(): FormData {
  const form = new FormData();
  form.set('file', new Blob(['Object Key,Object Type\nK1,Invoice Item\n']), 'codes.csv');
  form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
  return form;
}

describe('which calls are sent again', () => {
  it('never resends a POST without an Idempotency-Key, even one marked idempotent', async () => {
    const { client, control, config, logs } = await setup({}, { timeoutMs: 150 });
    const http = new ZuoraHttpClient({ ...config, logger: logs.logger, tokens: client.tokens, backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 } });
    const post = (idempotencyKey?: string) => http.requestJson({ method: 'POST', path: '/v1/bulk', body: uploadForm(), idempotent: true, idempotencyKey });
    await client.tokens.getToken();
    const posts = async () => (await control.stats()).calls['POST /v1/bulk'] ?? 0;

    await control.faults({ serverError: { count: 5, status: 503 } });
    await expect(post()).rejects.toMatchObject({ status: 503 });
    expect(await posts()).toBe(1);
    await control.faults({ serverError: null, rateLimit: { count: 5, retryAfterSeconds: 0 } });
    await expect(post()).rejects.toMatchObject({ status: 429 });
    expect(await posts()).toBe(2);
    await control.faults({ rateLimit: null, latencyMs: 400 });
    await expect(post()).rejects.toMatchObject({ kind: 'timeout' });
    expect(await posts()).toBe(3);
    await control.faults({ latencyMs: 0, revokeTokens: true });
    await expect(post()).rejects.toMatchObject({ status: 401 });
    expect(await posts()).toBe(4);

    // With a key the same failures are retried, and the key is sent each time.
    await control.faults({ serverError: { count: 1, status: 503 } });
    await expect(post('retry-me')).resolves.toMatchObject({ meta: { status: 200 } });
    expect(await posts()).toBe(6);
  });

  it('keeps the rules for other calls: a non-idempotent PUT retries only a 429', () => {
    const stop = { method: 'PUT', idempotent: false };
    expect(mayRetry(stop, { kind: 'http', status: 429 })).toBe(true);
    expect(mayRetry(stop, { kind: 'http', status: 503 })).toBe(false);
    expect(mayRetry(stop, { kind: 'timeout', status: null })).toBe(false);
    expect(mayRetry({ method: 'GET', idempotent: true }, { kind: 'timeout', status: null })).toBe(true);
    expect(mayRetry({ method: 'POST', idempotent: false, idempotencyKey: 'k' }, { kind: 'timeout', status: null })).toBe(true);
    expect(mayRetry({ method: 'POST', idempotent: true }, { kind: 'http', status: 429 })).toBe(false);
    // No token, so nothing was sent: the next attempt is the first.
    expect(mayRetry({ method: 'POST', idempotent: false }, { kind: 'token', status: null })).toBe(true);
  });
});
