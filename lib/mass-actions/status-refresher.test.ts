import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { captureLogs } from '../testing/log-capture';
import { ZuoraError } from '../zuora/errors';
import { listMassActions, registerMassAction } from './registry';
import { listQuerySchema } from './shared/list-query';
import { listAuditEventsFor } from '../audit/audit-trail';
import type { MassActionStatus } from './shared/status';
import { StatusRefresher } from './status-refresher';
import type { MassActionState } from './shared/types';

const key = (n: number) => n.toString().padStart(32, 'a');

function stateOf(status: MassActionStatus): MassActionState {
  return {
    actionType: 'UpdateAccountingCode', status, totalCount: 10, processedCount: 4, successCount: 3, errorCount: 1,
    inputSize: 100, outputSize: null, outputType: null, outputUrl: null, uploadedBy: 'u@example.com',
    uploadedOn: '2026-11-29 10:00:00', startedOn: null, endedOn: null,
  };
}

/** A stand-in for the Zuora client that counts calls and answers when told to. */
function fakeClient(answer: (bulkKey: string) => Promise<MassActionState>) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    calls,
    maxInFlight: () => maxInFlight,
    client: {
      async getMassAction(bulkKey: string) {
        calls.push(bulkKey);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return { state: await answer(bulkKey), meta: { trackId: 't', requestId: null, status: 200 } };
        } finally {
          inFlight--;
        }
      },
    },
  };
}

describeEachDatabase('StatusRefresher', (open, _kind, openInstances) => {
  let db: Database;
  let clock: number;

  beforeEach(async () => {
    db = await open();
    clock = Date.parse('2026-11-29T10:00:00Z');
  });

  async function register(count: number) {
    for (let i = 0; i < count; i++) await registerMassAction(db, { bulkKey: key(i), label: null, registeredBy: 'op@example.com', via: 'form' });
  }

  const allRows = async () => (await listMassActions(db, listQuerySchema.parse({ tab: 'all' }))).items;
  const settle = () => new Promise((r) => setTimeout(r, 50));

  function refresherWith(client: ReturnType<typeof fakeClient>['client']) {
    return new StatusRefresher({ db: async () => db, client, intervalMs: 5000, logger: captureLogs().logger, now: () => clock, tickMs: 0 });
  }

  it('shares one Zuora call among concurrent refreshes of the same key', async () => {
    await register(1);
    const fake = fakeClient(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return stateOf('Processing');
    });
    const refresher = refresherWith(fake.client);
    await Promise.all(Array.from({ length: 20 }, () => refresher.refresh(key(0))));
    expect(fake.calls).toEqual([key(0)]);
  });

  it('asks Zuora at most once per interval per key, and never for terminal ones', async () => {
    await register(3);
    const fake = fakeClient(async (k) => stateOf(k === key(2) ? 'Completed' : 'Processing'));
    const refresher = refresherWith(fake.client);
    await refresher.refreshDue(1000);
    expect(fake.calls.sort()).toEqual([key(0), key(1), key(2)]);

    clock += 4999;
    await refresher.tick();
    await settle();
    expect(fake.calls).toHaveLength(3);

    clock += 1;
    await refresher.tick();
    await settle();
    expect(fake.calls.slice(3).sort()).toEqual([key(0), key(1)]);
  });

  it('a page opened after nobody watched waits for what went stale, so it never shows old counts as new', async () => {
    await register(2);
    let processed = 0;
    const fake = fakeClient(async () => ({ ...stateOf('Processing'), processedCount: (processed += 10) }));
    const refresher = refresherWith(fake.client);
    await refresher.refreshDue(1000);
    // Within two intervals the pacer's reads are enough: the request does not wait for Zuora.
    clock += 9_000;
    await refresher.refreshDue(1000);
    expect(fake.calls).toHaveLength(2);
    // 45 s with nobody watching: the next request reads both again before it answers.
    clock += 36_000;
    await refresher.refreshDue(1000);
    expect(fake.calls).toHaveLength(4);
    const rows = await allRows();
    expect(rows.map((r) => r.refreshedAt)).toEqual(Array(2).fill(new Date(clock).toISOString()));
    expect(rows.map((r) => r.state?.processedCount).sort()).toEqual([30, 40]);
  });

  it('keeps at most the configured number of calls in flight', async () => {
    await register(30);
    const fake = fakeClient(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return stateOf('Processing');
    });
    await refresherWith(fake.client).refreshDue(5000);
    expect(fake.calls).toHaveLength(30);
    expect(fake.maxInFlight()).toBe(8);
  });

  it('keeps the last known state on failure, reports the problem, and pauses everyone on a 429', async () => {
    await register(2);
    let mode: 'ok' | '429' = 'ok';
    const fake = fakeClient(async () => {
      if (mode === '429') throw new ZuoraError('Zuora answered 429', { kind: 'http', status: 429, retryable: true, retryAfterMs: 30_000 });
      return stateOf('Processing');
    });
    const refresher = refresherWith(fake.client);
    await refresher.refreshDue(1000);
    expect(refresher.currentProblem).toBeNull();

    mode = '429';
    clock += 5000;
    await refresher.tick();
    await settle();
    const rows = await allRows();
    expect(rows.every((r) => r.state?.status === 'Processing' && r.refreshError?.includes('rate-limiting'))).toBe(true);
    expect(refresher.currentProblem).toMatch(/rate-limiting/);

    const callsSoFar = fake.calls.length;
    clock += 20_000; // still inside Retry-After
    await refresher.tick();
    await settle();
    expect(fake.calls).toHaveLength(callsSoFar);

    mode = 'ok';
    clock += 10_000;
    await refresher.tick();
    await settle();
    expect(fake.calls.length).toBeGreaterThan(callsSoFar);
    expect(refresher.currentProblem).toBeNull();
    expect((await allRows()).every((r) => r.refreshError === null)).toBe(true);
  });

  it('hides the result file address from what the browser gets', async () => {
    await register(1);
    const fake = fakeClient(async () => ({ ...stateOf('Completed'), outputUrl: 'https://rest.zuora.com/v1/files/abc' }));
    await refresherWith(fake.client).refresh(key(0));
    const [row] = await allRows();
    expect(row?.state?.hasResultFile).toBe(true);
    expect(JSON.stringify(row)).not.toContain('/v1/files/');
  });

  it('records status changes in the audit trail, with rate and the Stopping watchdog clock', async () => {
    await register(1);
    let state = stateOf('Processing');
    const fake = fakeClient(async () => state);
    const refresher = refresherWith(fake.client);
    await refresher.refresh(key(0));
    clock += 5000;
    state = { ...state, processedCount: 504, successCount: 500, errorCount: 4, totalCount: 10_000 };
    await refresher.refresh(key(0));
    expect((await allRows())[0]?.ratePerSecond).toBeCloseTo(100);
    clock += 5000;
    state = { ...state, status: 'Stopping' };
    await refresher.refresh(key(0));
    expect((await allRows())[0]?.stoppingSince).toBe(new Date(clock).toISOString());
    const trail = await listAuditEventsFor(db, key(0));
    expect(trail.map((e) => e.summary)).toEqual(['First seen as Processing', 'Status changed from Processing to Stopping']);
    expect(trail[1]?.actorEmail).toBe('console');
  });

  it('paces refreshes so each tick hands out only its share of the interval', async () => {
    await register(100);
    const fake = fakeClient(async () => stateOf('Processing'));
    const refresher = new StatusRefresher({ db: async () => db, client: fake.client, intervalMs: 5000, logger: captureLogs().logger, now: () => clock, tickMs: 200, startsPacer: false });
    await refresher.refreshDue(5000);
    expect(fake.calls).toHaveLength(100);
    clock += 5000;
    await refresher.tick();
    await settle();
    // 100 keys × 200 ms / 5000 ms = 4 per tick (+1 to catch up), not all 100 at once.
    expect(fake.calls).toHaveLength(105);
  });

  it('reads a Stopping mass action, or one just asked to stop, every second, and tells listeners of each status change', async () => {
    await register(3);
    const statuses: Record<string, MassActionStatus> = { [key(0)]: 'Processing', [key(1)]: 'Stopping', [key(2)]: 'Processing' };
    const fake = fakeClient(async (k) => stateOf(statuses[k]!));
    const refresher = refresherWith(fake.client);
    const changes: string[] = [];
    refresher.onStatusChange(({ bulkKey, status }) => changes.push(`${bulkKey.slice(-1)}:${status}`));
    await refresher.refreshDue(1000);
    expect(changes.sort()).toEqual(['0:Processing', '1:Stopping', '2:Processing']);
    refresher.expedite(key(2));
    const callsAt = async (ms: number) => {
      clock += ms;
      await refresher.tick();
      await settle();
      return fake.calls.length;
    };
    // One second on: the Stopping one and the expedited one are read again, the other is not due.
    expect(await callsAt(1000)).toBe(5);
    expect(fake.calls.slice(3).sort()).toEqual([key(1), key(2)]);
    // Never more than once a second each, however often the pacer ticks.
    expect(await callsAt(500)).toBe(5);
    statuses[key(1)] = 'Stopped';
    expect(await callsAt(500)).toBe(7);
    expect(changes).toContain('1:Stopped');
    // Stopped is final; the expedited one goes back to the normal pace after 30 s.
    clock += 30_000;
    await refresher.tick();
    await settle();
    const after = fake.calls.length;
    expect(await callsAt(1000)).toBe(after);
  });

  describe('several instances on one database', () => {
    async function instances(count: number, client: ReturnType<typeof fakeClient>['client']) {
      const handles = await openInstances(count);
      for (let i = 0; i < 4; i++) await registerMassAction(handles[0]!, { bulkKey: key(i), label: null, registeredBy: 'op@example.com', via: 'form' });
      return handles.map((handle, i) => new StatusRefresher({ db: async () => handle, client, intervalMs: 5000, logger: captureLogs().logger, now: () => clock, tickMs: 0, instanceId: `instance-${i}` }));
    }

    it('read each key once per interval between them, however many are watched at once', async () => {
      const fake = fakeClient(async () => {
        await new Promise((r) => setTimeout(r, 5));
        return stateOf('Processing');
      });
      const refreshers = await instances(3, fake.client);
      // Ten intervals, every instance asking at once on every step of 100 ms.
      for (let step = 0; step <= 500; step++) {
        if (step > 0) clock += 100;
        await Promise.all(refreshers.map((r) => (step === 0 ? r.refreshDue(1000) : r.tick())));
        if (step % 50 === 0) await settle();
      }
      await settle();
      const perKey = [0, 1, 2, 3].map((i) => fake.calls.filter((k) => k === key(i)).length);
      // 50 s at one read per 5 s: 11 each (the first at 0 s), never 3 × that.
      expect(perKey).toEqual([11, 11, 11, 11]);
    });

    it('pause all of them when one is answered 429', async () => {
      let mode: 'ok' | '429' = 'ok';
      const fake = fakeClient(async () => {
        if (mode === '429') throw new ZuoraError('Zuora answered 429', { kind: 'http', status: 429, retryable: true, retryAfterMs: 30_000 });
        return stateOf('Processing');
      });
      const [first, second, third] = await instances(3, fake.client);
      await first!.refreshDue(1000);
      mode = '429';
      clock += 5000;
      await first!.refresh(key(0));
      const afterPause = fake.calls.length;
      mode = 'ok';
      // Inside Retry-After the others ask nothing, though every key is due for them.
      clock += 20_000;
      await Promise.all([second!.refreshDue(1000), third!.refreshDue(1000)]);
      await Promise.all([second!.tick(), third!.tick()]);
      await settle();
      expect(fake.calls).toHaveLength(afterPause);
      clock += 10_001;
      await second!.refreshDue(1000);
      expect(fake.calls.length).toBeGreaterThan(afterPause);
    });

    it('tell their own pages of a status change another instance read', async () => {
      const statuses: Record<string, MassActionStatus> = { [key(0)]: 'Processing', [key(1)]: 'Processing', [key(2)]: 'Processing', [key(3)]: 'Processing' };
      const fake = fakeClient(async (k) => stateOf(statuses[k]!));
      const [reader, watcher] = await instances(2, fake.client);
      const seen: string[] = [];
      watcher!.onStatusChange(({ bulkKey, status }) => seen.push(`${bulkKey.slice(-1)}:${status}`));
      await reader!.refreshDue(1000);
      await watcher!.tick();
      statuses[key(0)] = 'Stopping';
      statuses[key(1)] = 'Completed';
      clock += 5000;
      await reader!.tick();
      await settle();
      await watcher!.tick();
      // The watcher asked Zuora nothing itself: the reader's leases were still held, or it had read them.
      expect(seen.sort()).toEqual(['0:Stopping', '1:Completed']);
    });
  });
});
