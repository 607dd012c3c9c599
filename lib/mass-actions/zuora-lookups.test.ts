import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { openDatabase, type Database } from '../db/database';
import { describeEachDatabase, testDatabaseOpener } from '../testing/test-databases';
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
const calls = async () => (await zuora.control.stats()).calls[GET_ONE] ?? 0;
// 09:00:00 UTC: the start of a five- and of a ten-minute window.
const NINE = Date.UTC(2026, 11, 1, 9);

const sourcesFor = (db: Database, lookups: MassActionLookups): JobSources => ({
  db, lookups, stuckAfterMs: 600_000,
  refresher: new StatusRefresher({ db: async () => db, client: zuora.client, intervalMs: 5000, logger: captureLogs().logger, tickMs: 0 }),
});

describeEachDatabase('lookups of mass actions on request', (open) => {
  let db: Database;
  let lookups: MassActionLookups;
  let sources: JobSources;
  let clock: number;
  beforeEach(async () => {
    db = await open();
    clock = NINE;
    lookups = new MassActionLookups(zuora.client, () => clock);
    sources = sourcesFor(db, lookups);
    await zuora.control.resetStats();
  });

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
    clock = NINE + 60_000;
    const lookupsDone = await Promise.all(Array.from({ length: 100 }, () => getJob(randomKey(), viewer, sources)));
    expect(await calls()).toBe(PREVIEW_BUDGET.limit);
    const refused = lookupsDone.filter((l) => l?.kind === 'unregistered' && l.retryAfterSeconds !== undefined);
    expect(refused).toHaveLength(100 - PREVIEW_BUDGET.limit);
    // When the window ends: four minutes after the first lookup of 09:00–09:05.
    expect(new Set(refused.map((l) => l?.kind === 'unregistered' && l.retryAfterSeconds))).toEqual(new Set([240]));
    clock = NINE + PREVIEW_BUDGET.windowMs - 1;
    expect(await getJob(randomKey(), viewer, sources)).toMatchObject({ retryAfterSeconds: 1 });
    // Another person has their own budget.
    expect(await getJob(randomKey(), { role: 'viewer', email: 'other@example.com' }, sources)).toBeNull();
    expect(await calls()).toBe(PREVIEW_BUDGET.limit + 1);
    // And the next window a new one.
    clock = NINE + PREVIEW_BUDGET.windowMs;
    expect(await getJob(randomKey(), viewer, sources)).toBeNull();
    expect(await calls()).toBe(PREVIEW_BUDGET.limit + 2);
  });

  it('a lookup joining one under way pays nothing, and one refused for someone else is retried on its own budget', async () => {
    const key = randomKey();
    const payer = (who: string) => ({ db, who, budget: PREVIEW_BUDGET });
    await lookups.charge(db, 'spent@example.com', PREVIEW_BUDGET, PREVIEW_BUDGET.limit);
    // Started in this order: the spent one's call first, the others join it.
    const outcomes = await Promise.allSettled(['spent@example.com', 'fresh@example.com', 'joiner@example.com'].map((who) => lookups.lookUp(key, payer(who))));
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ status: 429, retryAfterSeconds: 300 });
    // The other two made one call, Zuora's 404, on the first of them to try again.
    expect(outcomes.slice(1).map((o) => o.status === 'rejected' && (o.reason as { status?: number }).status)).toEqual([404, 404]);
    expect(await calls()).toBe(1);
    await expect(lookups.charge(db, 'fresh@example.com', PREVIEW_BUDGET, PREVIEW_BUDGET.limit)).rejects.toMatchObject({ status: 429 });
    await lookups.charge(db, 'joiner@example.com', PREVIEW_BUDGET, PREVIEW_BUDGET.limit);
  });

  it('five registrations of 200 new keys at once: one is checked, the others are refused with a 429 before any call', async () => {
    const actor = { email: 'olivia@example.com', name: 'Olivia', role: 'operator' };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => registerBulkKeys(Array.from({ length: 200 }, randomKey), null, actor, 'form', { db, lookups })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refusals.map((e) => [e.status, e.code])).toEqual(Array(4).fill([429, 'rate_limited']));
    expect(refusals.map((e) => e.retryAfterSeconds)).toEqual(Array(4).fill(REGISTRATION_BUDGET.windowMs / 1000));
    expect(await calls()).toBe(REGISTRATION_BUDGET.limit);
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

describe('lookup budgets across console instances on one PostgreSQL', () => {
  const opener = testDatabaseOpener('postgres');
  const instances: Database[] = [];
  afterEach(async () => {
    for (const db of instances.splice(0)) await db.destroy();
    await opener.cleanup();
  });

  it('are one budget, not one per instance, however the requests are spread', async () => {
    const location = await opener.location();
    for (let i = 0; i < 2; i++) instances.push(await openDatabase(location));
    // Each instance with its own process memory (single flight, 404s) and its own pool.
    const [a, b] = instances.map((db) => sourcesFor(db, new MassActionLookups(zuora.client, () => NINE + 60_000)));
    await zuora.control.resetStats();
    const viewer = { role: 'viewer' as const, email: 'vic@example.com' };
    const done = await Promise.all(Array.from({ length: 100 }, (_, i) => getJob(randomKey(), viewer, i % 2 ? a! : b!)));
    expect(await calls()).toBe(PREVIEW_BUDGET.limit);
    expect(done.filter((l) => l?.kind === 'unregistered' && l.retryAfterSeconds === 240)).toHaveLength(100 - PREVIEW_BUDGET.limit);

    const actor = { email: 'olivia@example.com', name: 'Olivia', role: 'operator' };
    const registrations = await Promise.allSettled([a!, b!, a!, b!].map(({ db, lookups }) => registerBulkKeys(Array.from({ length: 150 }, randomKey), null, actor, 'form', { db, lookups })));
    expect(registrations.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
  });
});
