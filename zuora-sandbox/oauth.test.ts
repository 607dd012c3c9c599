import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID, type Sandbox } from './server';
import { control, getToken, requestToken, startTestSandbox } from './test-client';

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox({ tokenLifetimeSeconds: 3599 }));
});
afterAll(() => sandbox.close());

const getMissing = (token: string) =>
  fetch(`${sandbox.url}/v1/bulk/${'0'.repeat(32)}`, { headers: { Authorization: `Bearer ${token}` } });

describe('POST /oauth/token', () => {
  it('issues a bearer token for the right client credentials', async () => {
    const response = await requestToken(sandbox.url);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3599 });
    expect(body.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(body.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof body.scope).toBe('string');
    expect((await getMissing(String(body.access_token))).status).toBe(404); // accepted: the key is merely unknown
  });

  it('refuses a wrong secret with 401 in Zuora error shape', async () => {
    const response = await requestToken(sandbox.url, 'not-the-secret');
    expect(response.status).toBe(401);
    const body = (await response.json()) as { success: boolean; reasons: Array<{ code: string }> };
    expect(body.success).toBe(false);
    expect(String(body.reasons[0]?.code)).toMatch(/^9\d{7}$/);
    expect(JSON.stringify(body)).not.toContain('not-the-secret');
  });

  it('refuses a request without grant_type or client_id', async () => {
    const noGrant = await fetch(`${sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID }),
    });
    expect(noGrant.status).toBe(401);
    const wrongGrant = await fetch(`${sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(wrongGrant.status).toBe(400);
  });

  it('answers an oversized body with a Zuora-shaped 413 instead of buffering it', async () => {
    const response = await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', body: `client_secret=${'x'.repeat(200_000)}` });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { success: boolean }).success).toBe(false);
    expect((await requestToken(sandbox.url)).status).toBe(200);
  });
});

describe('bearer tokens on /v1', () => {
  it('expire after the lifetime on the sandbox clock, with the plain-message 401', async () => {
    const token = await getToken(sandbox.url);
    clock.advance(3598_000);
    expect((await getMissing(token)).status).toBe(404);
    clock.advance(2000);
    const expired = await getMissing(token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await expired.json()).toEqual({ message: 'Authentication error' });
  });

  it('answers an unknown or missing token with the reasons shape, code starting with 9', async () => {
    for (const headers of [{ Authorization: `Bearer ${'f'.repeat(32)}` }, {} as Record<string, string>]) {
      const response = await fetch(`${sandbox.url}/v1/bulk/${'0'.repeat(32)}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
      const body = (await response.json()) as { success: boolean; reasons: Array<{ code: string }> };
      expect(body.success).toBe(false);
      expect(String(body.reasons[0]?.code)).toMatch(/^9\d{7}$/);
    }
  });

  it('stop working once revoked through the control API', async () => {
    const token = await getToken(sandbox.url);
    expect((await getMissing(token)).status).toBe(404);
    expect((await control(sandbox.url, 'POST', 'faults', { revokeTokens: true })).status).toBe(200);
    expect((await getMissing(token)).status).toBe(401);
    expect((await getMissing(await getToken(sandbox.url))).status).toBe(404);
  });
});
