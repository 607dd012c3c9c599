import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { openDatabase, type Database } from '../db/database';
import { sandboxWithClient } from '../testing/sandbox-client';
import { getJob, type JobSources } from './job-service';
import { registerBulkKeys } from './register-service';
import { StatusRefresher } from './status-refresher';
import { captureLogs } from '../testing/log-capture';
import { MassActionLookups, PREVIEW_BUDGET, REGISTRATION_BUDGET } from './zuora-lookups';

// Zuora calls made on people's requests, counted by the sandbox itself.
let zuora: Awaited<ReturnType<typeof sandboxWithClient>>;
beforeAll(async () => {
  zuora = await sandboxWithClient();
});
afterAll(async () => zuora.sandbox.close());

const GET_ONE = 'GET /v1/bulk/{bulk-key}';
const randomKey = () => Array.from({ length: 32 }, () => 'abcdef0123456789'[Math.floor(Math.random() * 16)]).join('');

describe('lookups of mass actions on request', () => {
  let db: Database;
  let lookups: MassActionLookups;
  let sources: JobSources;
  let clock: number;
  beforeEach(async () => {
    db = await openDatabase(':memory:');
    clock = Date.UTC(2026, 11, 1, 9);
    lookups = new MassActionLookups(zuora.client, () => clock);
    const refresher = new StatusRefresher({ db: async () => db, client: zuora.client, intervalMs: 5000, logger: captureLogs().logger, tickMs: 0 });
    sources = { db, lookups, refresher, stuckAfterMs: 600_000 };
    await zuora.control.resetStats();
  });
  afterEach(async () => db.destroy());
  const calls = async () => (await zuora.control.stats()).calls[GET_ONE] ?? 0;

  it('50 lookups of one unknown key at once make one Zuora call, and 50 more none: the 404 is remembered', async () => {
    const viewer = { role: 'viewer' as const, email: 'vic@example.com' };
    const key = randomKey();
    expect(await Promise.all(Array.from({ length: 50 }, () => getJob(key, viewer, sources)))).toEqual(Array(50).fill(null));
    expect(await calls()).toBe(1);
    expect(await Promise.all(Array.from({ length: 50 }, () => getJob(key, viewer, sources)))).toEqual(Array(50).fill(null));
    expect(await calls()).toBe(1);
    // Remembered for a while, not for ever.
    clock += 10 * 60_000;
    await getJob(key, viewer, sources);
    expect(await calls()).toBe(2);
  });

  it('a viewer opening 100 random keys at once reaches Zuora at most their budget, and is told when to try again', async () => {
    const viewer = { role: 'viewer' as const, email: 'vic@example.com' };
    const lookupsDone = await Promise.all(Array.from({ length: 100 }, () => getJob(randomKey(), viewer, sources)));
    expect(await calls()).toBe(PREVIEW_BUDGET.capacity);
    const refused = lookupsDone.filter((l) => l?.kind === 'unregistered' && l.retryAfterSeconds !== undefined);
    expect(refused).toHaveLength(100 - PREVIEW_BUDGET.capacity);
    // Another person has their own budget.
    expect(await getJob(randomKey(), { role: 'viewer', email: 'other@example.com' }, sources)).toBeNull();
    expect(await calls()).toBe(PREVIEW_BUDGET.capacity + 1);
  });

  it('five registrations of 200 new keys at once: one is checked, the others are refused with a 429 before any call', async () => {
    const actor = { email: 'olivia@example.com', name: 'Olivia', role: 'operator' };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => registerBulkKeys(Array.from({ length: 200 }, randomKey), null, actor, 'form', { db, lookups })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refusals.map((e) => [e.status, e.code])).toEqual(Array(4).fill([429, 'rate_limited']));
    expect(refusals.every((e) => (e.retryAfterSeconds ?? 0) > 0)).toBe(true);
    expect(await calls()).toBe(REGISTRATION_BUDGET.capacity);
  });

  it('never has more than a few lookups under way, however many are asked for', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = new MassActionLookups({
      getMassAction: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        throw Object.assign(new Error('not found'), {});
      },
    });
    await Promise.allSettled(Array.from({ length: 40 }, () => slow.lookUp(randomKey())));
    expect(most).toBe(4);
  });
});
