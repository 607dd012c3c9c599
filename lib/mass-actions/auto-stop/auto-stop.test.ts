import { beforeEach, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { listAuditEventsFor, type Actor } from '../../audit/audit-trail';
import type { Database } from '../../db/database';
import { captureLogs } from '../../testing/log-capture';
import { describeEachDatabase } from '../../testing/test-databases';
import { listUnfinished, recordRefresh, registerMassAction } from '../registry';
import type { MassActionState } from '../shared/types';
import type { requestStop } from '../stop-service';
import type { AutoStopDefaults } from './config-defaults';
import type { notifyAutoStopFired } from '../notify-events';
import { checkAutoStop, CONSOLE_AUTO_STOP_ACTOR, type AutoStopDeps } from './firing';
import { getAutoStopView, isReadForRule, setAutoStopRule } from './rules';

const olivia: Actor = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator', clientAddress: '127.0.0.1' };
const key = (n: number) => n.toString().padStart(32, 'b');
const MPU_DEFAULT: AutoStopDefaults = { MPU: { afterProcessed: 500, failedPercentAbove: 20, failedAbove: null } };

function stateOf(overrides: Partial<MassActionState> = {}): MassActionState {
  return {
    actionType: 'MPU', status: 'Processing', totalCount: 2000, processedCount: 1000, successCount: 688, errorCount: 312,
    inputSize: 100, outputSize: null, outputType: null, outputUrl: null, uploadedBy: 'u@example.com',
    uploadedOn: '2026-11-29 10:00:00', startedOn: null, endedOn: null, ...overrides,
  };
}

/** A stand-in for requestStop that counts its calls and answers as Zuora accepting, after a moment. */
const told: ({ bulkKey: string } & Parameters<typeof notifyAutoStopFired>[2])[] = [];

function fakeStop(answer: () => Promise<{ joined: boolean; message: string }> = async () => ({ joined: false, message: 'Zuora accepted the stop; the mass action is Stopping.' })) {
  const calls: Parameters<typeof requestStop>[] = [];
  const stop = vi.fn(async (...args: Parameters<typeof requestStop>) => {
    calls.push(args);
    await new Promise((r) => setTimeout(r, 20));
    return answer();
  });
  return { calls, stop: stop as unknown as typeof requestStop };
}

describeEachDatabase('auto-stop rules', (open) => {
  let db: Database;
  let deps: (stop: typeof requestStop, defaults?: AutoStopDefaults) => Partial<AutoStopDeps>;

  beforeEach(async () => {
    db = await open();
    told.length = 0;
    deps = (stop, defaults = {}) => ({ stop, defaults, tell: async (_db, bulkKey, event) => void told.push({ bulkKey, ...event }), logger: captureLogs().logger, now: () => new Date('2026-11-29T10:05:00Z') });
  });

  async function registered(n: number, state: MassActionState = stateOf({ processedCount: 10, errorCount: 0 })) {
    await registerMassAction(db, { bulkKey: key(n), label: null, registeredBy: olivia.email, via: 'form' });
    await recordRefresh(db, key(n), state, new Date('2026-11-29T10:00:00Z'));
    return key(n);
  }

  const rate = { afterProcessed: 500, failedPercentAbove: 20, failedAbove: null };

  it('fires once when met: 50 concurrent checks of one met key make exactly one stop, as the console under the rule', async () => {
    const bulkKey = await registered(1);
    await setAutoStopRule(db, bulkKey, rate, olivia, {}, new Date('2026-11-29T10:01:00Z'));
    const { calls, stop } = fakeStop();
    const answers = await Promise.all(Array.from({ length: 50 }, () => checkAutoStop(db, bulkKey, stateOf(), deps(stop))));
    expect(calls).toHaveLength(1);
    expect(answers.filter((a) => a === 'fired')).toHaveLength(1);
    expect(answers.every((a) => a === 'fired' || a === 'already-fired' || a === 'claimed-elsewhere')).toBe(true);
    const [calledKey, reason, actor, context] = calls[0]!;
    expect(calledKey).toBe(bulkKey);
    expect(reason).toBe('auto-stop: 312 of 1,000 processed rows failed (31%), rule > 20% after 500 set by Olivia Operator');
    expect(actor).toEqual(CONSOLE_AUTO_STOP_ACTOR);
    expect(context?.rule).toMatchObject({ source: 'operator', setBy: { email: olivia.email, name: 'Olivia Operator' }, setAt: '2026-11-29T10:01:00.000Z', processedCount: 1000, errorCount: 312, afterProcessed: 500, failedPercentAbove: 20 });

    const view = await getAutoStopView(db, bulkKey, {});
    expect(view).toMatchObject({ state: 'fired', isEditable: false, fired: { at: '2026-11-29T10:05:00.000Z', summary: reason, outcome: { kind: 'accepted' } } });
    // Later refreshes, however far over the threshold, never fire again.
    expect(await checkAutoStop(db, bulkKey, stateOf({ processedCount: 1500, errorCount: 900 }), deps(stop))).toBe('already-fired');
    expect(calls).toHaveLength(1);
  });

  it("fires a config default once, pinning it on the mass action's own row, across 50 concurrent checks", async () => {
    const bulkKey = await registered(2);
    const { calls, stop } = fakeStop();
    await Promise.all(Array.from({ length: 50 }, () => checkAutoStop(db, bulkKey, stateOf(), deps(stop, MPU_DEFAULT))));
    expect(calls).toHaveLength(1);
    expect(calls[0]![1]).toBe('auto-stop: 312 of 1,000 processed rows failed (31%), rule > 20% after 500, the default for MPU');
    expect(calls[0]![3]?.rule).toMatchObject({ source: 'default', defaultFor: 'MPU', setBy: null });
    expect(await db.selectFrom('auto_stop_rules').select(['source', 'fired_at']).execute()).toEqual([{ source: 'default', fired_at: '2026-11-29T10:05:00.000Z' }]);
  });

  it('waits for the rule: exactly N processed at exactly X% does not fire, and only Pending or Processing fire', async () => {
    const bulkKey = await registered(3);
    await setAutoStopRule(db, bulkKey, { ...rate, failedAbove: 300 }, olivia, {});
    const { calls, stop } = fakeStop();
    expect(await checkAutoStop(db, bulkKey, stateOf({ processedCount: 499, errorCount: 250 }), deps(stop))).toBe('not-met');
    expect(await checkAutoStop(db, bulkKey, stateOf({ processedCount: 500, errorCount: 100 }), deps(stop))).toBe('not-met');
    expect(await checkAutoStop(db, bulkKey, stateOf({ processedCount: null, errorCount: null, status: 'Pending' }), deps(stop))).toBe('not-met');
    for (const status of ['Stopping', 'Stopped', 'Completed', 'Failed'] as const) {
      expect(await checkAutoStop(db, bulkKey, stateOf({ status, processedCount: 2000, errorCount: 2000 }), deps(stop))).toBe('not-stoppable');
    }
    expect(calls).toHaveLength(0);
    expect(await checkAutoStop(db, bulkKey, stateOf({ processedCount: 400, errorCount: 301 }), deps(stop))).toBe('fired');
    expect(calls[0]![1]).toBe('auto-stop: 301 of 400 processed rows failed (75%), rule > 20% after 500 or > 300 failed set by Olivia Operator');
  });

  it('applies the default of its action type, shown as such, and an operator\'s "no rule" turns it off', async () => {
    const mpu = await registered(4);
    const codes = await registered(5, stateOf({ actionType: 'UpdateAccountingCode', processedCount: 10, errorCount: 0 }));
    expect(await getAutoStopView(db, mpu, MPU_DEFAULT)).toMatchObject({ rule: rate, source: 'default', actionType: 'MPU', state: 'watching', setBy: null, isEditable: true });
    expect(await getAutoStopView(db, codes, MPU_DEFAULT)).toMatchObject({ rule: null, source: null, state: 'none', defaultRule: null });
    const readUnwatched = async () => (await listUnfinished(db)).filter((row) => isReadForRule(row, MPU_DEFAULT)).map((row) => row.bulkKey);
    expect(await readUnwatched()).toEqual([mpu]);

    await setAutoStopRule(db, mpu, null, olivia, MPU_DEFAULT);
    expect(await getAutoStopView(db, mpu, MPU_DEFAULT)).toMatchObject({ rule: null, source: 'operator', isTurnedOff: true, state: 'none', defaultRule: rate, setBy: { name: 'Olivia Operator' } });
    expect(await readUnwatched()).toEqual([]);
    const { calls, stop } = fakeStop();
    expect(await checkAutoStop(db, mpu, stateOf(), deps(stop, MPU_DEFAULT))).toBe('no-rule');
    expect(await checkAutoStop(db, codes, stateOf({ actionType: 'UpdateAccountingCode' }), deps(stop, MPU_DEFAULT))).toBe('no-rule');
    expect(calls).toHaveLength(0);

    const [entry] = await listAuditEventsFor(db, mpu).then((trail) => trail.filter((e) => e.kind === 'auto-stop-rule'));
    expect(entry).toMatchObject({ actorEmail: olivia.email, summary: 'Auto-stop rule turned off (was > 20% failed after 500 processed (the default for MPU))', details: { from: rate, fromSource: 'default', to: null } });
  });

  it('audits each change with the rule before and after, and refuses changes once finished or fired', async () => {
    const bulkKey = await registered(6);
    await setAutoStopRule(db, bulkKey, { afterProcessed: null, failedPercentAbove: null, failedAbove: 50 }, olivia, {});
    await setAutoStopRule(db, bulkKey, rate, olivia, {});
    // The same rule again (a double click) is no change: no second entry.
    await setAutoStopRule(db, bulkKey, rate, olivia, {});
    const trail = (await listAuditEventsFor(db, bulkKey)).filter((e) => e.kind === 'auto-stop-rule');
    expect(trail.map((e) => e.summary)).toEqual(['Auto-stop rule set: > 50 failed (was no rule)', 'Auto-stop rule set: > 20% failed after 500 processed (was > 50 failed)']);

    const { stop } = fakeStop();
    await checkAutoStop(db, bulkKey, stateOf(), deps(stop));
    const refusal = await setAutoStopRule(db, bulkKey, null, olivia, {}).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 409, code: 'already_fired' });

    const done = await registered(7, stateOf({ status: 'Completed' }));
    await expect(setAutoStopRule(db, done, rate, olivia, {})).rejects.toMatchObject({ status: 409, code: 'not_applicable', message: 'This mass action is Completed: a rule can no longer apply.' });
    expect(await getAutoStopView(db, done, {})).toMatchObject({ state: 'not-applicable', isEditable: false });
    await expect(setAutoStopRule(db, key(99), rate, olivia, {})).rejects.toMatchObject({ status: 404 });
  });

  it('keeps what came of the stop: a refusal, or an error, is the outcome the page shows', async () => {
    const refused = await registered(8);
    const failing = await registered(9);
    for (const bulkKey of [refused, failing]) await setAutoStopRule(db, bulkKey, rate, olivia, {});
    await checkAutoStop(db, refused, stateOf(), deps(fakeStop(async () => { throw new ApiError(409, 'zuora_refused', 'Zuora refused the stop: it is Completed'); }).stop));
    await checkAutoStop(db, failing, stateOf(), deps(fakeStop(async () => { throw new Error('socket hang up'); }).stop));
    expect((await getAutoStopView(db, refused, {}))?.fired?.outcome).toEqual({ kind: 'refused', code: 'zuora_refused', message: 'Zuora refused the stop: it is Completed' });
    expect((await getAutoStopView(db, failing, {}))?.fired?.outcome).toEqual({ kind: 'failed', code: null, message: 'socket hang up', attempts: 1 });
    // Each told once, by who set the rule, with what came of it.
    expect(told.map((t) => [t.bulkKey, t.setBy.name, t.outcome])).toEqual([
      [refused, 'Olivia Operator', 'the stop was refused: Zuora refused the stop: it is Completed'],
      [failing, 'Olivia Operator', expect.stringMatching(/^the stop could not be made: socket hang up The console tries again at its next read \(attempt 1 of 5\)/)],
    ]);
  });

  it('tries a stop that got no clear answer again at the next reads, five times in all, but never a refused one', async () => {
    const flaky = await registered(11);
    await setAutoStopRule(db, flaky, rate, olivia, {});
    const timeout = fakeStop(async () => { throw new Error('Zuora did not answer within 30000 ms'); });
    for (let read = 0; read < 7; read++) await checkAutoStop(db, flaky, stateOf(), deps(timeout.stop));
    expect(timeout.calls).toHaveLength(5);
    expect((await getAutoStopView(db, flaky, {}))?.fired?.outcome).toMatchObject({ kind: 'failed', attempts: 5 });
    // A later read that gets through, had attempts remained, would be accepted: here 50 at once on attempt 2 make one stop.
    const again = await registered(12);
    await setAutoStopRule(db, again, rate, olivia, {});
    await checkAutoStop(db, again, stateOf(), deps(timeout.stop));
    const ok = fakeStop();
    await Promise.all(Array.from({ length: 50 }, () => checkAutoStop(db, again, stateOf(), deps(ok.stop))));
    expect(ok.calls).toHaveLength(1);
    expect((await getAutoStopView(db, again, {}))?.fired?.outcome).toMatchObject({ kind: 'accepted' });

    const refused = await registered(13);
    await setAutoStopRule(db, refused, rate, olivia, {});
    const no = fakeStop(async () => { throw new ApiError(409, 'zuora_refused', 'Zuora refused the stop'); });
    for (let read = 0; read < 3; read++) await checkAutoStop(db, refused, stateOf(), deps(no.stop));
    expect(no.calls).toHaveLength(1);
  });

  it('claims again a firing whose instance died before its stop settled, after five minutes', async () => {
    const bulkKey = await registered(10);
    await setAutoStopRule(db, bulkKey, rate, olivia, {});
    await db.updateTable('auto_stop_rules').set({ fired_at: '2026-11-29T09:59:00.000Z', fired_summary: 'x', fire_outcome: null }).execute();
    const { calls, stop } = fakeStop();
    expect(await checkAutoStop(db, bulkKey, stateOf(), { ...deps(stop), now: () => new Date('2026-11-29T10:02:00Z') })).toBe('already-fired');
    expect(await checkAutoStop(db, bulkKey, stateOf(), { ...deps(stop), now: () => new Date('2026-11-29T10:04:01Z') })).toBe('fired');
    expect(calls).toHaveLength(1);
  });
});
