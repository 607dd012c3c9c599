import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontDoor, MAX_REQUEST_BODY_BYTES, MAX_UPLOAD_BODY_BYTES, UPLOAD_PATH } from './front-door';
import { PEER_ADDRESS_HEADER } from './peer-address';

// Over real HTTP: what the route behind the front door sees, and what never reaches it.
let server: Server;
let port: number;
const reached: Array<{ url: string; peer: string | undefined; bodyBytes: number }> = [];

beforeAll(async () => {
  server = createServer(
    frontDoor(async (req, res) => {
      let bodyBytes = 0;
      for await (const chunk of req) bodyBytes += (chunk as Buffer).length;
      reached.push({ url: req.url ?? '', peer: req.headers[PEER_ADDRESS_HEADER] as string | undefined, bodyBytes });
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path is sent as written, and the body may be streamed or only announced. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer; chunked?: Buffer[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.chunked) for (const chunk of options.chunked) req.write(chunk);
    req.end(options.body);
  });
}

describe('the front door', () => {
  it('stamps the connection peer, whatever peer header or X-Forwarded-For the client sends', async () => {
    reached.length = 0;
    await Promise.all(Array.from({ length: 50 }, (_, i) => send(`/mass-actions?i=${i}`, { headers: { [PEER_ADDRESS_HEADER]: `6.6.6.${i}`, 'x-forwarded-for': `7.7.7.${i}` } })));
    expect(reached).toHaveLength(50);
    expect(new Set(reached.map((r) => r.peer))).toEqual(new Set(['127.0.0.1']));
  });

  it('refuses a body announced over the cap with 413 before reading any of it', async () => {
    reached.length = 0;
    // 300 MB announced, 64 KB sent: the answer comes without waiting for the rest.
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/auth/callback/local', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(300 * 1024 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024, 'a'));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'body_too_large', message: expect.stringContaining('1024 KB') } });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(reached).toEqual([]);
  });

  it('lets a body at the cap through, and refuses one byte more', async () => {
    reached.length = 0;
    const atCap = await send('/api/mass-actions', { method: 'POST', body: Buffer.alloc(MAX_REQUEST_BODY_BYTES, 'a') });
    const over = await send('/api/mass-actions', { method: 'POST', body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 'a') });
    expect([atCap.status, over.status]).toEqual([200, 413]);
    expect(reached.map((r) => r.bodyBytes)).toEqual([MAX_REQUEST_BODY_BYTES]);
  });

  it('lets a 4 MB file through to the upload route only, by POST, and refuses one byte over its cap', async () => {
    reached.length = 0;
    const file = Buffer.alloc(MAX_UPLOAD_BODY_BYTES, 'a');
    const answers = await Promise.all([
      send(UPLOAD_PATH, { method: 'POST', body: file }),
      send(UPLOAD_PATH, { method: 'POST', body: Buffer.alloc(MAX_UPLOAD_BODY_BYTES + 1, 'a') }),
      send(`${UPLOAD_PATH}/x`, { method: 'POST', body: file }),
      send(UPLOAD_PATH, { method: 'PUT', body: file }),
      send('/api/mass-actions', { method: 'POST', body: file }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 413, 413, 413, 413]);
    expect(answers[1]?.body).toContain('4.25 MB');
    expect(reached.map((r) => r.bodyBytes)).toEqual([MAX_UPLOAD_BODY_BYTES]);
  });

  it('refuses a chunked body, whose length it cannot know in advance, with 411', async () => {
    reached.length = 0;
    const answer = await send('/api/mass-actions', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, chunked: [Buffer.from('{"keys":'), Buffer.from('"x"}')] });
    expect(answer.status).toBe(411);
    expect(reached).toEqual([]);
  });

  it('answers a malformed percent-encoding with 400: the error shape for the API, a page otherwise, both with the security headers', async () => {
    reached.length = 0;
    const api = await send('/api/mass-actions/%FF');
    const page = await send('/mass-actions/%');
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.code).toBe('bad_request');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h1>Bad request</h1>');
    for (const answer of [api, page]) {
      expect(answer.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
    expect(reached).toEqual([]);
    // A well-formed encoding still goes through.
    expect((await send('/mass-actions/%E2%82%AC')).status).toBe(200);
  });
});
