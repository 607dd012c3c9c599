import http from 'node:http';
import { demoAccount, expect, test } from './fixtures';
import { anonymous, signInOverHttp, startOwnConsole, type OwnConsole } from './own-console';
import { E2E_CONSOLE_PORT, E2E_CONSOLE_URL } from './stack';

// Malformed input and huge bodies, anonymously: a clear 4xx with the security headers, never a 5xx,
// and memory that does not follow the size of what is sent.

/** A request sent as written: the path is not normalised, the headers not checked. */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a malformed percent-encoding answers 400 with the security headers, in the error shape for the API', async () => {
  for (const path of ['/api/mass-actions/%FF', '/api/mass-actions/%E0%A4%A', '/mass-actions/%', '/mass-actions/%C0%AF', '/audit/%ZZ']) {
    const answer = await raw(E2E_CONSOLE_PORT, path);
    expect(answer.status, path).toBe(400);
    expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    if (path.startsWith('/api/')) expect(JSON.parse(answer.body).error.code).toBe('bad_request');
    else expect(answer.body).toContain('Bad request');
  }
});

test('callback URLs that are not URLs, in the query, the form or the cookie, never make next-auth answer 5xx', async ({ request }) => {
  const bad = ['not a url', '/mass-actions\r\nSet-Cookie: x=1', 'http://exa mple.com/', '/mass-actions?q=日本語', 'javascript:alert(1)', '//evil.example/', 'https://evil.example/'];
  for (const value of bad) {
    const session = await request.get(`/api/auth/session?callbackUrl=${encodeURIComponent(value)}`);
    expect(session.status(), value).toBeLessThan(500);
    // Without a CSRF token next-auth checks no password (so the shared throttle is not spent), yet it
    // reads the callback URL first.
    for (const query of ['', `?callbackUrl=${encodeURIComponent(value)}`]) {
      const signIn = await request.post(`/api/auth/callback/local${query}`, { form: { email: 'nobody@example.com', password: 'x', callbackUrl: value, json: 'true' } });
      expect(signIn.status(), value).toBeLessThan(500);
      const landing = (await signIn.json()) as { url: string };
      expect(new URL(landing.url).origin, value).toBe(E2E_CONSOLE_URL);
    }
  }
  for (const value of ['javascript:alert(1)', 'not a url', '%E0%A4%A']) {
    for (const path of ['/api/auth/session', '/api/auth/csrf', '/api/auth/providers']) {
      const answer = await raw(E2E_CONSOLE_PORT, path, { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(value)}` } });
      expect(answer.status, `${path} with callback-url cookie ${value}`).toBe(200);
    }
  }
});

test.describe('bodies over the cap', () => {
  let own: OwnConsole;
  test.beforeAll(async () => {
    own = await startOwnConsole(3133);
  });
  test.afterAll(async () => own.stop());

  /**
   * Announces `bytes`, sends up to `sendBytes` of them until the server answers, and answers the
   * status it gave, or 'cut' when the server closed the connection on it first.
   */
  function bigPost(path: string, bytes: number, sendBytes: number, headers: Record<string, string> = {}): Promise<number | 'cut'> {
    return new Promise((resolve, reject) => {
      let hasAnswer = false;
      const req = http.request({ host: '127.0.0.1', port: 3133, path, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(bytes), ...headers } }, (res) => {
        hasAnswer = true;
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (hasAnswer) return;
        hasAnswer = true;
        if (['EPIPE', 'ECONNRESET'].includes(error.code ?? '')) resolve('cut');
        else reject(error);
      });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < sendBytes && !hasAnswer && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
  }

  test('20 anonymous 300 MB sign-in posts at once are refused with 413 before they are read; the server barely grows', async () => {
    const before = own.rss();
    const refusedBefore = own.stdout().filter((line) => line.includes('request refused at the front door') && line.includes('"status":413')).length;
    const statuses = await Promise.all(Array.from({ length: 20 }, () => bigPost('/api/auth/callback/local', 300 * 1024 * 1024, 16 * 1024 * 1024)));
    const growth = own.rss() - before;
    // Each one answered 413, or cut off mid-send once answered (the client may see the reset first).
    expect(statuses.filter((s) => s !== 413 && s !== 'cut')).toEqual([]);
    expect(statuses.filter((s) => s === 413).length).toBeGreaterThan(0);
    await expect.poll(() => own.stdout().filter((line) => line.includes('request refused at the front door') && line.includes('"status":413')).length - refusedBefore).toBe(20);
    test.info().annotations.push({ type: 'rss growth', description: `${Math.round(growth / 1024 / 1024)} MB for 20 × 300 MB announced` });
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });

  test('an operator\'s 100 MB registration is refused with 413, and a chunked body with 411', async () => {
    const context = await anonymous(own.url);
    const operator = demoAccount('operator');
    expect(await signInOverHttp(context, operator.email, operator.password)).toBeNull();
    const cookie = (await context.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const refusals = () => own.stdout().filter((line) => line.includes('request refused at the front door') && line.includes('"status":413')).length;
    const before = refusals();
    expect(['cut', 413]).toContain(await bigPost('/api/mass-actions', 100 * 1024 * 1024, 8 * 1024 * 1024, { cookie, origin: own.url, 'content-type': 'application/json' }));
    await expect.poll(refusals).toBe(before + 1);
    const chunked = await raw(3133, '/api/mass-actions', { method: 'POST', headers: { cookie, origin: own.url, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(411);
    await context.dispose();
  });

  test('every line the server printed is JSON, next-auth\'s and the refusals\' included', async () => {
    const lines = own.stdout().filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => { try { JSON.parse(line); return false; } catch { return true; } })).toEqual([]);
  });
});
