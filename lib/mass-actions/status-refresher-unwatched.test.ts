import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { captureLogs } from '../testing/log-capture';
import { describeEachDatabase } from '../testing/test-databases';
import { ZuoraError } from '../zuora/errors';
import { registerMassAction, type UnfinishedRow } from './registry';
import type { MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';
import { StatusRefresher, type StatusRefresherOptions } from './status-refresher';

// The refresher with nobody watching: only the keys it must read anyway (an auto-stop rule), on the
// same schedule, from a start of its own; and the after-refresh hook the auto-stop check runs in.

const key = (n: number) => n.toString().padStart(32, 'c');

function stateOf(status: MassActionStatus, processedCount = 4): MassActionState {
  return {
    actionType: 'UpdateAccountingCode', status, totalCount: 10, processedCount, successCount: processedCount, errorCount: 0,
    inputSize: 100, outputSize: null, outputType: null, outputUrl: null, uploadedBy: 'u@example.com',
    uploadedOn: '2026-11-29 10:00:00', startedOn: null, endedOn: null,
  };
}

describeEachDatabase('StatusRefresher with nobody watching', (open) => {
  let db: Database;
  let clock: number;
  let looks: number;
  let calls: string[];
  let answer: (bulkKey: string) => Promise<MassActionState>;

  beforeEach(async () => {
    db = await open();
    clock = Date.parse('2026-11-29T10:00:00Z');
    looks = 0;
    calls = [];
    answer = async () => stateOf('Processing');
    for (let i = 0; i < 3; i++) await registerMassAction(db, { bulkKey: key(i), label: null, registeredBy: 'op@example.com', via: 'form' });
  });

  function refresherWith(options: Partial<StatusRefresherOptions> = {}) {
    return new StatusRefresher({
      db: async () => {
        looks++;
        return db;
      },
      client: {
        async getMassAction(bulkKey: string) {
          calls.push(bulkKey);
          return { state: await answer(bulkKey), meta: { trackId: 't', requestId: null, status: 200 } };
        },
      },
      intervalMs: 5000, logger: captureLogs().logger, now: () => clock, tickMs: 100, startsPacer: false, ...options,
    });
  }

  /** The pacer's beats over `ms` of the clock, as its timer would run them. */
  async function beats(refresher: StatusRefresher, ms: number, beatMs = 100) {
    for (let t = 0; t < ms; t += beatMs) {
      clock += beatMs;
      await refresher.pace();
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  it('with nothing to read unwatched, looks at the database about once a second and asks Zuora nothing', async () => {
    const refresher = refresherWith({ readsUnwatched: () => false });
    refresher.startInBackground();
    await beats(refresher, 10_000);
    expect(calls).toEqual([]);
    // 100 beats, 10 s: a look a second, not one a beat.
    expect(looks).toBeGreaterThanOrEqual(9);
    expect(looks).toBeLessThanOrEqual(11);
  });

  it('reads the keys it must on their interval, only those, with nobody watching', async () => {
    const refresher = refresherWith({ readsUnwatched: (row: UnfinishedRow) => row.bulkKey === key(1) });
    refresher.startInBackground();
    await beats(refresher, 20_000);
    // Read on the first beat (never read before), then every 5 s: at 0.1, 5.1, 10.1 and 15.1 s.
    expect(calls).toEqual(Array(4).fill(key(1)));
    // Looks: about one a second, and one for each read's lease: far below one a beat (200).
    expect(looks).toBeLessThan(30);
  });

  it('reads nothing unwatched unless started in the background (the pacer then stops as before)', async () => {
    const refresher = refresherWith({ readsUnwatched: () => true });
    await beats(refresher, 10_000);
    expect(calls).toEqual([]);
    expect(looks).toBe(0);
  });

  it('runs afterRefresh after each recorded refresh with the status before, and a failing hook breaks nothing', async () => {
    const seen: string[] = [];
    const logs = captureLogs();
    const refresher = refresherWith({
      logger: logs.logger,
      afterRefresh: async (_db, bulkKey, previous, state) => {
        seen.push(`${bulkKey.slice(-1)}:${previous}->${state.status}`);
        if (seen.length === 1) throw new Error('hook exploded');
      },
    });
    await refresher.refresh(key(0));
    clock += 5000;
    answer = async () => stateOf('Stopping');
    await refresher.refresh(key(0));
    expect(seen).toEqual(['0:null->Processing', '0:Processing->Stopping']);
    expect(logs.records().some((line) => line.msg === 'after-refresh hook failed')).toBe(true);
    // A failed read records no refresh, so the hook is not called.
    clock += 5000;
    answer = async () => {
      throw new ZuoraError('Zuora cannot be reached', { kind: 'network', status: null, retryable: true });
    };
    await refresher.refresh(key(0));
    expect(seen).toHaveLength(2);
  });
});
