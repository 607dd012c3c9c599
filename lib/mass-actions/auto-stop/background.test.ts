import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../../audit/audit-trail';
import type { Database } from '../../db/database';
import { captureLogs } from '../../testing/log-capture';
import { sandboxPerTest, uploadCsv } from '../../testing/sandbox-client';
import { describeEachDatabase } from '../../testing/test-databases';
import type { ZuoraClient } from '../../zuora/client';
import { registerMassAction } from '../registry';
import type { requestStop } from '../stop-service';
import { StatusRefresher } from '../status-refresher';
import type { AutoStopDefaults } from './config-defaults';
import { checkAutoStop } from './firing';
import { findOwnRule, isReadForRule, setAutoStopRule } from './rules';

// Rules run on the server whoever watches: against the sandbox, several console instances on one
// database (each its own refresher, as list-service.ts wires it), nobody watching, and a restart.

const olivia: Actor = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator', clientAddress: null };
const INTERVAL_MS = 5000;
// Every second row fails (rows 2, 4, …): at 10 rows/s, more than 110 have failed once 222 are processed, 22.2 s in.
const csv = 'Object Key,Object Type\n' + Array.from({ length: 1000 }, (_, i) => `INV-${i},Invoice Item`).join('\n') + '\n';
const behaviour = { pendingMs: 0, rowsPerSecond: 10, failEvery: 2, stoppingMs: 60_000 };

const sandboxes = sandboxPerTest();
afterEach(sandboxes.closeAfterEach);

interface ZuoraCall {
  method: string;
  path: string;
  at: number;
}

describeEachDatabase('auto-stop rules with nobody watching', (_open, _kind, openInstances) => {
  let clock: number;
  beforeEach(() => {
    clock = Date.parse('2026-11-29T18:00:00Z');
  });

  /** The sandbox on the test's clock, with every call the console makes to it recorded. */
  async function sandbox(now: (() => number) | undefined) {
    const zuoraCalls: ZuoraCall[] = [];
    const recording: typeof fetch = async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      zuoraCalls.push({ method: init?.method ?? 'GET', path: url.pathname, at: now ? now() : Date.now() });
      return fetch(input, init);
    };
    const ctx = await sandboxes.setup(now ? { now } : {}, {}, now, recording);
    const start = async () => (await uploadCsv(ctx.client, csv, behaviour, ctx.sandbox.url)).bulkKey;
    const stop: typeof requestStop = async (bulkKey) => {
      await ctx.client.stopMassAction(bulkKey);
      return { joined: false, message: 'Zuora accepted the stop; the mass action is Stopping.' };
    };
    const stopCalls = async () => (await ctx.control.stats()).calls['PUT /v1/bulk/{bulk-key}/stop'] ?? 0;
    return { ctx, zuoraCalls, start, stop, stopCalls };
  }

  function consoleRefresher(handle: Database, client: Pick<ZuoraClient, 'getMassAction'>, stop: typeof requestStop, instance: string, defaults: AutoStopDefaults, timing: { now?: () => number; tickMs: number; intervalMs: number }) {
    return new StatusRefresher({
      db: async () => handle, client, intervalMs: timing.intervalMs, logger: captureLogs().logger, now: timing.now, tickMs: timing.tickMs, instanceId: instance,
      startsPacer: timing.now === undefined,
      readsUnwatched: (row) => isReadForRule(row, defaults),
      afterRefresh: async (db, bulkKey, _previous, state) => {
        await checkAutoStop(db, bulkKey, state, { defaults, stop, tell: async () => undefined, now: () => new Date(timing.now ? timing.now() : Date.now()), logger: captureLogs().logger });
      },
    });
  }

  it('three instances read each ruled key once per interval between them, the rule fires once, one stop call', async () => {
    const { ctx, zuoraCalls, start, stop, stopCalls } = await sandbox(() => clock);
    const handles = await openInstances(3);
    const startedAt = clock;
    const [firing, watched, unruled] = [await start(), await start(), await start()];
    for (const bulkKey of [firing, watched, unruled]) await registerMassAction(handles[0]!, { bulkKey, label: null, registeredBy: olivia.email, via: 'form' });
    await setAutoStopRule(handles[0]!, firing, { afterProcessed: null, failedPercentAbove: null, failedAbove: 110 }, olivia, {});
    await setAutoStopRule(handles[1]!, watched, { afterProcessed: null, failedPercentAbove: null, failedAbove: 100_000 }, olivia, {});
    const refreshers = handles.map((handle, i) => consoleRefresher(handle, ctx.client, stop, `instance-${i}`, {}, { now: () => clock, tickMs: 100, intervalMs: INTERVAL_MS }));
    for (const refresher of refreshers) refresher.startInBackground();

    // 40 s of the pacer's beats on every instance at once; nobody ever asks for a list.
    for (let step = 0; step < 400; step++) {
      await Promise.all(refreshers.map((r) => r.pace()));
      await new Promise((r) => setTimeout(r, 3));
      clock += 100;
    }
    await new Promise((r) => setTimeout(r, 100));

    const readsOf = (bulkKey: string) => zuoraCalls.filter((c) => c.method === 'GET' && c.path === `/v1/bulk/${bulkKey}`).map((c) => c.at - startedAt);
    // Once per interval between the three of them: each read 5 s after the one before (a beat or two
    // later, as each read is recorded when its answer arrives, and the fake clock moves meanwhile).
    const expectOnePerInterval = (reads: number[]) => {
      for (const gap of reads.slice(1).map((at, i) => at - reads[i]!)) expect(gap).toSatisfy((ms: number) => ms >= INTERVAL_MS && ms <= INTERVAL_MS + 500);
    };
    const watchedReads = readsOf(watched);
    expect(watchedReads[0]).toBe(0);
    expect(watchedReads.length).toBeGreaterThanOrEqual(7);
    expectOnePerInterval(watchedReads);
    expect(readsOf(unruled)).toEqual([]);

    // One stop call, at the first read that saw more than 110 failed (from 22.2 s on): within an interval of the crossing.
    expect(await stopCalls()).toBe(1);
    const [stopCall] = zuoraCalls.filter((c) => c.method === 'PUT');
    expect(stopCall?.path).toBe(`/v1/bulk/${firing}/stop`);
    const firingReads = readsOf(firing).filter((at) => at <= stopCall!.at - startedAt);
    expectOnePerInterval(firingReads);
    expect(firingReads.at(-2)).toBeLessThan(22_200);
    expect(firingReads.at(-1)).toBeGreaterThanOrEqual(22_200);
    expect(stopCall!.at - startedAt - 22_200).toBeLessThanOrEqual(INTERVAL_MS + 1000);
    const rule = await findOwnRule(handles[2]!, firing);
    expect(rule?.fired_summary).toMatch(/^auto-stop: 1[12]\d of 2\d\d processed rows failed \((49\.\d|50)%\), rule > 110 failed set by Olivia Operator$/);
    expect(JSON.parse(rule?.fire_outcome ?? 'null')).toMatchObject({ kind: 'accepted' });
  });

  it('after a restart, a fresh refresher on its own timer with nobody watching reads a key its default rule covers, and fires', async () => {
    const { ctx, start, stop, stopCalls } = await sandbox(undefined);
    const [before, after] = await openInstances(2);
    const bulkKey = await start();
    await registerMassAction(before!, { bulkKey, label: null, registeredBy: olivia.email, via: 'form' });
    const defaults: AutoStopDefaults = { UpdateAccountingCode: { afterProcessed: 10, failedPercentAbove: 40, failedAbove: null } };
    // The console that was running read it once (Pending, nothing processed), then went away.
    await consoleRefresher(before!, ctx.client, stop, 'before-restart', defaults, { tickMs: 0, intervalMs: 1000 }).refresh(bulkKey);
    expect(await findOwnRule(before!, bulkKey)).toBeNull();

    // The restarted console: started at server start, never asked for a list.
    const restarted = consoleRefresher(after!, ctx.client, stop, 'after-restart', defaults, { tickMs: 50, intervalMs: 1000 });
    restarted.startInBackground();
    try {
      for (let waited = 0; waited < 15_000 && !(await findOwnRule(after!, bulkKey))?.fire_outcome; waited += 100) await new Promise((r) => setTimeout(r, 100));
    } finally {
      restarted.stopPacer();
    }
    const rule = await findOwnRule(after!, bulkKey);
    expect(rule).toMatchObject({ source: 'default' });
    expect(rule?.fired_summary).toMatch(/^auto-stop: \d+ of \d+ processed rows failed \(50%\), rule > 40% after 10, the default for UpdateAccountingCode$/);
    expect(await stopCalls()).toBe(1);
  });
});
