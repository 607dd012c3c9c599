import { expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../testing/test-databases';
import { tryTakeLease } from './leases';
import { acrossInstances, type SharedFlightOptions } from './shared-flight';

const codec = (owner: string): SharedFlightOptions => ({
  owner,
  holdMs: 600,
  serializeError: (error) => ({ status: 409, code: 'refused', message: error instanceof Error ? error.message : String(error) }),
  deserializeError: (e) => new Error(`${e.code}: ${e.message}`),
  tooLong: () => new Error('too long'),
});

describeEachDatabase('one piece of work across instances', (_open, _kind, openInstances) => {
  it('runs once for 50 requests fired at once through three instances, and all of them get its outcome', async () => {
    const handles = await openInstances(3);
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(200);
      return { stopped: true };
    };
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => acrossInstances(handles[i % 3]!, 'stop:k', work, codec(`instance-${i % 3}-${i}`))));
    expect(runs).toBe(1);
    expect(answers.every((a) => a.value.stopped)).toBe(true);
    expect(answers.filter((a) => !a.joined)).toHaveLength(1);
  });

  it('tells the waiting instances the same refusal', async () => {
    const [a, b] = await openInstances(2);
    const failing = async () => {
      await sleep(150);
      throw new Error('Zuora refused the stop');
    };
    const results = await Promise.allSettled([acrossInstances(a!, 'stop:k', failing, codec('a')), sleep(20).then(() => acrossInstances(b!, 'stop:k', failing, codec('b')))]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['Error: Zuora refused the stop', 'Error: refused: Zuora refused the stop']);
  });

  it('takes over from a holder that died, once its lease runs out', async () => {
    const [a] = await openInstances(1);
    // A holder that took the lease and was killed: it never renews nor leaves an outcome.
    expect(await tryTakeLease(a!, 'stop:k', 600, { owner: 'killed' })).toBe(true);
    const started = Date.now();
    let runs = 0;
    const answer = await acrossInstances(a!, 'stop:k', async () => ++runs, codec('survivor'));
    expect(answer.value).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a request after the work ended does it again (the mass action may have changed since)', async () => {
    const [a] = await openInstances(1);
    let runs = 0;
    await acrossInstances(a!, 'stop:k', async () => ++runs, codec('x'));
    const second = await acrossInstances(a!, 'stop:k', async () => ++runs, codec('y'));
    expect(second).toEqual({ value: 2, joined: false });
  });
});
