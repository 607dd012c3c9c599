import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../testing/log-capture';
import { createZuoraClient } from './client';
import { ZuoraError } from './errors';

// A "Zuora" that answers the token call properly and then whatever the test says.
async function fakeZuora(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer((req, res) => {
    if (req.url === '/oauth/token') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'tok', token_type: 'bearer', expires_in: 3599 }));
      return;
    }
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createZuoraClient({
    config: { baseUrl: origin, origin, host: new URL(origin).host, environment: 'sandbox', clientId: 'x'.repeat(36), clientSecret: 's', timeoutMs: 2000, maxRetries: 1 },
    logger: captureLogs().logger,
    backoff: { baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1000 },
  });
  return { client, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const KEY = 'a'.repeat(32);

async function errorFrom(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<ZuoraError> {
  const fake = await fakeZuora(answer);
  close = fake.close;
  const error = await fake.client.getMassAction(KEY).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZuoraError);
  return error as ZuoraError;
}

describe('the Zuora client facing garbage', () => {
  it('reports an HTML page answered with 200 as not JSON', async () => {
    const error = await errorFrom((_req, res) => res.end('<html>maintenance</html>'));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toBe(`Zuora answered GET /v1/bulk/${KEY} with something that is not JSON.`);
  });

  it('names the fields that break the published shape', async () => {
    const error = await errorFrom((_req, res) => res.end(JSON.stringify({ actionType: 'UpdateAccountingCode', status: 'Exploded', totalCount: 'many' })));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/not what its API describes: status .*; totalCount is not a count: "many"/);
  });

  it('keeps a short excerpt of a gateway error page', async () => {
    const error = await errorFrom((_req, res) => {
      res.statusCode = 502;
      res.end('<html><body>Bad gateway from the edge</body></html>');
    });
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/Zuora answered 502 to GET .*Bad gateway from the edge/);
  });

  it('survives a connection cut mid-answer', async () => {
    const error = await errorFrom((req) => req.socket.destroy());
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/could not be reached/);
  });
});

describe('the Zuora client with a wrong secret', () => {
  it('says which configuration to check', async () => {
    const { sandboxWithClient } = await import('../testing/sandbox-client');
    const { client, sandbox } = await sandboxWithClient({}, { clientSecret: 'wrong' });
    close = () => sandbox.close();
    const error = await client.getMassAction(KEY).then(() => null, (e: unknown) => e as ZuoraError);
    expect(error?.kind).toBe('token');
    expect(error?.status).toBe(401);
    expect(error?.retryable).toBe(false);
    expect(error?.message).toBe('Zuora refused the OAuth client credentials (check ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET).');
  });
});
