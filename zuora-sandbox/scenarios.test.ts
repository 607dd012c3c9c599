import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES, seedScenarios, type SeededMassAction } from './scenarios';
import { startSandbox, type Sandbox } from './server';
import { downloadResult, getAction, getToken, type ActionBody } from './test-client';

let sandbox: Sandbox;
let offsetMs = 0;
let seeded: SeededMassAction[];
let seedingMs: number;
let token: string;

beforeAll(async () => {
  // Real time (the seeding waits for real progress before one stop), plus an offset the test moves.
  sandbox = await startSandbox({ now: () => Date.now() + offsetMs });
  const started = performance.now();
  seeded = await seedScenarios(sandbox.url);
  seedingMs = performance.now() - started;
  token = await getToken(sandbox.url);
}, 60_000);
afterAll(() => sandbox.close());

async function statuses(): Promise<Record<string, ActionBody>> {
  const entries = await Promise.all(seeded.map(async (action) => [action.scenario, await getAction(sandbox.url, token, action.bulkKey)] as const));
  return Object.fromEntries(entries);
}

describe('seedScenarios', () => {
  it('starts every scenario quickly, each with a file-like label and its own key', () => {
    expect(seeded.map((action) => action.scenario)).toEqual(SCENARIO_NAMES);
    expect(SCENARIO_NAMES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(seeded.map((action) => action.bulkKey)).size).toBe(seeded.length);
    expect(seeded.every((action) => /^[\w.-]+\.(csv|zip)$/.test(action.label))).toBe(true);
    expect(seedingMs).toBeLessThan(20_000);
  });

  it('passes through all six statuses, with the results each scenario promises', async () => {
    const seen = new Set<string>();
    const now = await statuses();
    Object.values(now).forEach((action) => seen.add(action.status));
    expect(now['stopped-while-processing']?.status).toBe('Stopping');
    expect(now['stopped-while-pending']?.status).toMatch(/^Stopp(ing|ed)$/);

    offsetMs += 60_000;
    const later = await statuses();
    Object.values(later).forEach((action) => seen.add(action.status));
    expect(seen).toEqual(new Set(['Pending', 'Processing', 'Stopping', 'Stopped', 'Completed', 'Failed']));
    expect(later['completed-with-failures']).toMatchObject({ status: 'Completed' });
    expect(Number(later['completed-with-failures']?.errorCount)).toBeGreaterThan(0);
    expect(later['completed-clean']).toMatchObject({ status: 'Completed', errorCount: 0 });
    expect(later.failed).toMatchObject({ status: 'Failed', outputURL: null });
    expect(later['long-pending']).toMatchObject({ status: 'Pending', totalCount: null });
    expect(later['slow-processing']).toMatchObject({ status: 'Processing', totalCount: 20_000 });
    expect(later['stopped-while-pending']).toMatchObject({ status: 'Stopped', outputURL: null });
    expect(later['mpu-payments']?.processedCount).toBe('50');

    const stopped = later['stopped-while-processing'];
    expect(stopped).toMatchObject({ status: 'Stopped' });
    expect(Number(stopped?.processedCount)).toBeGreaterThan(0);
    expect(Number(stopped?.processedCount)).toBeLessThan(Number(stopped?.totalCount));
    const { records } = await downloadResult(stopped?.outputURL ?? '', token);
    expect(records.filter((row) => row.at(-2) === '')).toHaveLength(Number(stopped?.totalCount) - Number(stopped?.processedCount));

    const edge = await downloadResult(later['csv-edge-cases']?.outputURL ?? '', token);
    expect(edge.text.startsWith('\ufeff')).toBe(true);
    expect(edge.records[0]?.filter((name) => name.startsWith('#')).length).toBeGreaterThanOrEqual(3);
  });

  it('includes a zipped upload of at least 200,000 rows under 4 MB that finishes within minutes', async () => {
    const large = (await statuses()).large;
    expect(Number(large?.totalCount)).toBeGreaterThanOrEqual(200_000);
    expect(large?.inputSize).toBeLessThan(4 * 1024 * 1024);
    offsetMs += 5 * 60_000;
    const finished = await getAction(sandbox.url, token, seeded.find((action) => action.scenario === 'large')?.bulkKey ?? '');
    expect(finished).toMatchObject({ status: 'Completed', processedCount: 200_000 });
    expect(finished.outputSize).toBeGreaterThan(0);
  }, 30_000);
});
