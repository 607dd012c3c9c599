import { beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { Database } from '@/lib/db/database';
import { describeEachDatabase } from '@/lib/testing/test-databases';
import { recordRefresh, registerMassAction } from '@/lib/mass-actions/registry';
import type { MassActionState } from '@/lib/mass-actions/shared/types';
import type { AutoStopView } from '@/lib/mass-actions/shared/auto-stop';

// The handler as Next.js calls it, with the real session check behind a stand-in for next-auth's
// cookie reading, on the test's database.
const signedIn = vi.hoisted(() => ({ user: null as null | { email: string; name: string; role: string } }));
const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => (signedIn.user ? { user: signedIn.user } : null) }));
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<typeof import('next/server')>()), connection: async () => undefined }));
vi.mock('@/lib/db/database', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/lib/db/database')>()), getDatabase: async () => database.db }));

const ORIGIN = 'http://127.0.0.1:3000';
const olivia = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator' };
const vera = { email: 'vera@example.com', name: 'Vera Viewer', role: 'viewer' };
const key = (n: number) => n.toString().padStart(32, 'd');

beforeAll(() => {
  // This file runs in a process of its own (vitest's forks pool): the configuration is read once, from here.
  const env = {
    ZUORA_BASE_URL: 'http://127.0.0.1:9', ZUORA_CLIENT_ID: '5a1f9c2e-0b7d-4e8a-9c3f-000000000001', ZUORA_CLIENT_SECRET: 'a-very-secret-value',
    NEXTAUTH_SECRET: 'x'.repeat(32), NEXTAUTH_URL: ORIGIN, LOG_LEVEL: 'silent',
    AUTO_STOP_DEFAULTS: '{"MPU":{"afterProcessed":500,"failedPercentAbove":20}}',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});

function stateOf(status: MassActionState['status'], actionType = 'MPU'): MassActionState {
  return {
    actionType, status, totalCount: 1000, processedCount: 120, successCount: 116, errorCount: 4, inputSize: 100, outputSize: null, outputType: null,
    outputUrl: null, uploadedBy: 'u@example.com', uploadedOn: '2026-11-29 10:00:00', startedOn: null, endedOn: null,
  };
}

describeEachDatabase('/api/mass-actions/{bulkKey}/auto-stop', (open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
    database.db = db;
    signedIn.user = olivia;
    for (const [n, status] of [[1, 'Processing'], [2, 'Completed']] as const) {
      await registerMassAction(db, { bulkKey: key(n), label: null, registeredBy: olivia.email, via: 'form' });
      await recordRefresh(db, key(n), stateOf(status), new Date());
    }
  });

  async function call(method: 'GET' | 'PUT', bulkKey: string, body?: unknown, headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }) {
    const { GET, PUT } = await import('./route');
    const request = new Request(`${ORIGIN}/api/mass-actions/${bulkKey}/auto-stop`, {
      method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const response = await (method === 'GET' ? GET : PUT)(request, { params: Promise.resolve({ bulkKey }) });
    return { status: response.status, body: (await response.json()) as AutoStopView & { error?: { code: string; message: string } } };
  }

  const nothingWritten = async () => {
    expect(await db.selectFrom('auto_stop_rules').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_events').select('id').where('kind', '=', 'auto-stop-rule').execute()).toEqual([]);
  };

  it("shows anyone signed in the action type's default, and lets an operator set a rule of their own", async () => {
    signedIn.user = vera;
    expect(await call('GET', key(1))).toMatchObject({ status: 200, body: { source: 'default', actionType: 'MPU', state: 'watching', rule: { afterProcessed: 500, failedPercentAbove: 20, failedAbove: null } } });
    signedIn.user = olivia;
    const put = await call('PUT', key(1), { failedAbove: 50 });
    expect(put).toMatchObject({ status: 200, body: { source: 'operator', rule: { afterProcessed: null, failedPercentAbove: null, failedAbove: 50 }, setBy: { email: olivia.email, name: 'Olivia Operator' } } });
    const turnedOff = await call('PUT', key(1), { none: true });
    expect(turnedOff).toMatchObject({ status: 200, body: { rule: null, isTurnedOff: true, state: 'none' } });
  });

  it('refuses each bad input with 400 and a message naming the field, writing nothing', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /must be JSON/],
      [{ afterProcessed: 0, failedPercentAbove: 20 }, /^afterProcessed: .*at least 1/],
      [{ afterProcessed: 500 }, /^failedPercentAbove: .*give both or neither/],
      [{ afterProcessed: 500, failedPercentAbove: 100 }, /^failedPercentAbove: .*less than 100/],
      [{ failedAbove: 'many' }, /^failedAbove: .*must be a number/],
      [{ failedAbove: 1.5 }, /^failedAbove: .*whole number/],
      [{}, /^body: give at least one condition.*none/],
      [{ none: false }, /^none: must be true/],
      [{ none: true, failedAbove: 3 }, /^none: .*not both/],
      [{ failedAbove: 3, reason: 'x' }, /^body: unknown field reason/],
      [[], /^body: must be a rule/],
    ];
    for (const [body, message] of cases) {
      const answer = await call('PUT', key(1), body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error?.message, JSON.stringify(body)).toMatch(message);
    }
    await nothingWritten();
  });

  it('refuses a viewer (403), no session (401), and another origin (403), writing nothing', async () => {
    signedIn.user = vera;
    expect(await call('PUT', key(1), { failedAbove: 50 })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    signedIn.user = null;
    expect(await call('PUT', key(1), { failedAbove: 50 })).toMatchObject({ status: 401 });
    expect(await call('GET', key(1))).toMatchObject({ status: 401 });
    signedIn.user = olivia;
    expect(await call('PUT', key(1), { failedAbove: 50 }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403, body: { error: { code: 'cross_origin' } } });
    await nothingWritten();
  });

  it('answers 409 for a finished mass action, 400 for a malformed key and 404 for an unknown one', async () => {
    expect(await call('PUT', key(2), { failedAbove: 50 })).toMatchObject({ status: 409, body: { error: { code: 'not_applicable', message: 'This mass action is Completed: a rule can no longer apply.' } } });
    expect(await call('GET', key(2))).toMatchObject({ status: 200, body: { state: 'not-applicable', isEditable: false } });
    expect(await call('PUT', 'not-a-key', { failedAbove: 50 })).toMatchObject({ status: 400, body: { error: { code: 'bad_bulk_key' } } });
    expect(await call('GET', 'not-a-key')).toMatchObject({ status: 400 });
    expect(await call('PUT', key(3), { failedAbove: 50 })).toMatchObject({ status: 404 });
    expect(await call('GET', key(3))).toMatchObject({ status: 404 });
    await nothingWritten();
  });
});
