import { describe, expect, it } from 'vitest';
import { summarizeChain, type ChainMember, type ChainSource, type RowOutcome } from './chain-summary';
import { readRowKeys } from './fingerprints';

const S: RowOutcome = 'succeeded';
const F: RowOutcome = 'failed';
const N: RowOutcome = 'not_processed';
const ORIGINAL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const member = (source: ChainSource, fingerprints: string[], outcomes: RowOutcome[], sourceRows?: (number | null)[]): ChainMember => ({ source, fingerprints, outcomes, sourceRows });
const countsOf = ({ total, succeeded, failed, notProcessed, neverRan, onlyNotProcessed }: ReturnType<typeof summarizeChain>) => ({ total, succeeded, failed, notProcessed, neverRan, onlyNotProcessed });

describe('the summary of a chain of mass actions from one upload', () => {
  it('of the original alone, stopped part way: succeeded, failed, and not processed rows', () => {
    const summary = summarizeChain(ORIGINAL, [member({ from: 'original' }, ORIGINAL, [S, S, F, S, F, N, N, N, N, N])]);
    expect(countsOf(summary)).toEqual({ total: 10, succeeded: 3, failed: 2, notProcessed: 5, neverRan: 0, onlyNotProcessed: 5 });
    expect(summary.rowStates).toEqual([S, S, F, S, F, N, N, N, N, N]);
  });

  it('counts rows of the original no member ran as never processed', () => {
    const summary = summarizeChain(ORIGINAL, [member({ from: 'original' }, ORIGINAL.slice(0, 4), [S, S, F, N])]);
    expect(countsOf(summary)).toEqual({ total: 10, succeeded: 2, failed: 1, notProcessed: 7, neverRan: 6, onlyNotProcessed: 1 });
  });

  it('follows parts, the rest of a stopped part, and a retry whose rows were corrected', () => {
    const summary = summarizeChain(ORIGINAL, [
      member({ from: 'original' }, ORIGINAL.slice(0, 5), [S, F, S, N, N]), // part 1, stopped
      member({ from: 'original' }, ORIGINAL.slice(5), [S, F, F, S, S]), // part 2
      member({ from: 'rest', member: 0 }, ['d', 'e'], [S, F]), // the rest of part 1
      member({ from: 'retry', member: 1 }, ['g*', 'h'], [S, F]), // part 2's failed rows, g corrected
      member({ from: 'retry', member: 3 }, ['h*'], [S]), // and h corrected the second time
    ]);
    expect(summary.rowStates).toEqual([S, F, S, S, F, S, S, S, S, S]);
    expect(countsOf(summary)).toEqual({ total: 10, succeeded: 8, failed: 2, notProcessed: 0, neverRan: 0, onlyNotProcessed: 0 });
    expect(summary.members.map(({ byKey, byValue, byPosition, unmatched }) => [byKey, byValue, byPosition, unmatched])).toEqual([[0, 5, 0, 0], [0, 5, 0, 0], [0, 2, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0]]);
    expect([...summary.members[3]!.originalRows]).toEqual([6, 7]);
  });

  it('keeps a row failed when a retry of it was stopped before reaching it', () => {
    const summary = summarizeChain(['a', 'b'], [member({ from: 'original' }, ['a', 'b'], [F, F]), member({ from: 'retry', member: 0 }, ['a*', 'b*'], [S, N])]);
    expect(summary.rowStates).toEqual([S, F]);
  });

  it('pairs a corrected row with a failed row between the same untouched rows, the operator having deleted others', () => {
    const original = ['a', 'b', 'c', 'd', 'e', 'f'];
    const all = member({ from: 'original' }, original, [F, F, F, F, F, F]);
    // b and c deleted, e corrected: e* lies after d, so it is e, not b.
    const deleted = summarizeChain(original, [all, member({ from: 'retry', member: 0 }, ['a', 'd', 'e*'], [S, S, S])]);
    expect([...deleted.members[1]!.originalRows]).toEqual([0, 3, 4]);
    expect(deleted.rowStates).toEqual([S, F, F, S, S, F]);
    // Which of several failed rows between the same two was corrected cannot be told without keys: the
    // first is taken. c* is counted as b; the counts are the same either way.
    const ambiguous = summarizeChain(original, [all, member({ from: 'retry', member: 0 }, ['a', 'c*', 'd'], [S, S, S])]);
    expect([...ambiguous.members[1]!.originalRows]).toEqual([0, 1, 3]);
    expect(countsOf(ambiguous)).toMatchObject({ succeeded: 3, failed: 3 });
  });

  it('pairs corrected rows of a reordered fix file with the failed rows left', () => {
    const original = ['a', 'b', 'c'];
    const summary = summarizeChain(original, [member({ from: 'original' }, original, [F, F, F]), member({ from: 'retry', member: 0 }, ['c', 'b*', 'a*'], [S, S, F])]);
    expect(summary.members[1]).toMatchObject({ byValue: 1, byPosition: 2, unmatched: 0 });
    expect(countsOf(summary)).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('with keys the file carries, pairs corrected rows exactly, and leaves rows added by the operator unmatched', () => {
    const original = ['a', 'b', 'c'];
    const summary = summarizeChain(original, [
      member({ from: 'original' }, original, [F, F, F]),
      member({ from: 'retry', member: 0 }, ['new', 'c*', 'a*'], [S, S, S], [null, 3, 1]),
    ]);
    expect([...summary.members[1]!.originalRows]).toEqual([-1, 2, 0]);
    expect(summary.members[1]).toMatchObject({ byKey: 2, byValue: 0, byPosition: 0, unmatched: 1 });
    expect(summary.rowStates).toEqual([S, F, S]);
  });

  it('reads the keys from a #Row column, when the file has one', () => {
    expect(readRowKeys(['Object Key', '#Row'], [['K1', '12'], ['K2', ' 3 '], ['K3', ''], ['K4', 'x'], ['K5', '0'], ['K6', '1.5']])).toEqual([12, 3, null, null, null, null]);
    expect(readRowKeys(['Object Key', '#Error Message'], [['K1', 'Not found']])).toBeUndefined();
  });

  it('leaves unmatched a key naming a row not waiting in its source', () => {
    const summary = summarizeChain(['a', 'b'], [member({ from: 'original' }, ['a', 'b'], [S, F]), member({ from: 'retry', member: 0 }, ['a', 'b*'], [S, S], [1, 2])]);
    expect([...summary.members[1]!.originalRows]).toEqual([-1, 1]);
    expect(summary.rowStates).toEqual([S, S]);
  });

  it('matches a source row once: the rest started twice finds nothing left the second time', () => {
    const summary = summarizeChain(['a', 'b', 'c'], [
      member({ from: 'original' }, ['a', 'b', 'c'], [S, N, N]),
      member({ from: 'rest', member: 0 }, ['b', 'c'], [F, N]),
      member({ from: 'rest', member: 0 }, ['b', 'c'], [S, S]),
    ]);
    expect(summary.members[2]!.unmatched).toBe(2);
    expect(summary.rowStates).toEqual([S, F, N]);
  });

  it('tells identical rows apart by their order', () => {
    const summary = summarizeChain(['x', 'x', 'x'], [member({ from: 'original' }, ['x', 'x'], [S, F]), member({ from: 'original' }, ['x'], [N])]);
    expect([...summary.members[0]!.originalRows, ...summary.members[1]!.originalRows]).toEqual([0, 1, 2]);
    expect(summary.rowStates).toEqual([S, F, N]);
  });

  it('refuses a member whose outcomes do not match its rows, or whose source is not an earlier member', () => {
    expect(() => summarizeChain(['a'], [member({ from: 'original' }, ['a'], [])])).toThrow(RangeError);
    expect(() => summarizeChain(['a'], [member({ from: 'retry', member: 0 }, ['a'], [S])])).toThrow('not an earlier member');
  });

  it('takes well under a second for a chain of five members over 100,000 rows', () => {
    const original = Array.from({ length: 100_000 }, (_, i) => `row-${i}`);
    const outcomes = original.map((_, i): RowOutcome => (i % 7 === 0 ? F : i > 90_000 ? N : S));
    const failed = original.filter((_, i) => outcomes[i] === F);
    const started = performance.now();
    const summary = summarizeChain(original, [
      member({ from: 'original' }, original, outcomes),
      member({ from: 'rest', member: 0 }, original.filter((_, i) => outcomes[i] === N), original.filter((_, i) => outcomes[i] === N).map(() => S)),
      member({ from: 'retry', member: 0 }, failed.map((f, i) => (i % 2 ? `${f}*` : f)), failed.map(() => S)),
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(summary.succeeded).toBe(100_000);
  });
});

// The model: chains built at random, each member's rows known to be which original rows (the truth),
// then handed to the summary with fingerprints only. A row-by-row replay of the truth must give the
// same counts; with keys (a `#Row` column), the same standing for every row.

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (below: number) => Math.floor(next() * below), chance: (p: number) => next() < p };
}

interface TrueMember extends ChainMember {
  /** Each row's original row, -1 for a row the operator added. */
  truth: number[];
}

function randomChain(seed: number, withKeys: boolean) {
  const rng = random(seed);
  const size = 1 + rng.int(40);
  // Few distinct values, so identical rows are common.
  const original = Array.from({ length: size }, () => `v${rng.int(Math.max(2, size * 0.7))}`);
  let edits = 0;
  const members: TrueMember[] = [];
  // Which rows of each source later members took: a row is run from its source once.
  const taken = new Map<number | 'original', Set<number>>();

  const run = (rows: number): RowOutcome[] => {
    if (rng.chance(0.1)) return Array<RowOutcome>(rows).fill(N); // Failed, or stopped while Pending
    const stop = rng.chance(0.4) ? rng.int(rows + 1) : rows;
    return Array.from({ length: rows }, (_, i) => (i >= stop ? N : rng.chance(0.35) ? F : S));
  };
  /** Consecutive parts of `rows`, as split.ts cuts a file too large for one upload. */
  const parts = (rows: number[]) => {
    const cuts = rng.chance(0.3) ? rng.int(3) : 0;
    const out: number[][] = [];
    let from = 0;
    for (let c = 0; c < cuts && from < rows.length; c++) {
      const to = from + 1 + rng.int(rows.length - from);
      out.push(rows.slice(from, to));
      from = to;
    }
    if (from < rows.length) out.push(rows.slice(from));
    return out;
  };
  const add = (source: ChainSource, sourceRows: number[], fingerprintOf: (sourceRow: number) => string, truthOf: (sourceRow: number) => number) => {
    let rows = sourceRows.map((r) => ({ fingerprint: fingerprintOf(r), truth: truthOf(r), key: r + 1 as number | null }));
    if (source.from === 'retry') {
      rows = rows.filter(() => !rng.chance(0.2)); // rows the operator gave up on
      for (const row of rows) if (rng.chance(0.5)) row.fingerprint = rng.chance(0.15) ? (original[rng.int(size)] ?? 'v0') : `edit-${edits++}`;
      if (!withKeys && rng.chance(0.2)) rows.reverse(); // sorted in a spreadsheet
      if (withKeys && rng.chance(0.3)) rows.splice(rng.int(rows.length + 1), 0, { fingerprint: `added-${edits++}`, truth: -1, key: null });
    }
    const outcomes = run(rows.length);
    members.push({ source, fingerprints: rows.map((r) => r.fingerprint), outcomes, truth: rows.map((r) => r.truth), ...(withKeys ? { sourceRows: rows.map((r) => r.key) } : {}) });
  };

  const originalTaken = new Set<number>();
  taken.set('original', originalTaken);
  const uploaded = original.map((_, i) => i).filter(() => !rng.chance(0.05)); // a part never started
  for (const part of parts(uploaded)) {
    part.forEach((r) => originalTaken.add(r));
    add({ from: 'original' }, part, (r) => original[r]!, (r) => r);
  }
  for (let step = rng.int(10); step > 0 && members.length > 0; step--) {
    const m = rng.int(members.length);
    const from = members[m]!;
    const kind = rng.chance(0.5) ? 'rest' : 'retry';
    const wanted = kind === 'rest' ? N : F;
    const used = taken.get(m) ?? new Set<number>();
    taken.set(m, used);
    const rows = from.outcomes.map((o, r) => (o === wanted && !used.has(r) ? r : -1)).filter((r) => r >= 0 && !rng.chance(0.1));
    if (rows.length === 0) continue;
    for (const part of kind === 'rest' ? parts(rows) : [rows]) {
      part.forEach((r) => used.add(r));
      add({ from: kind, member: m }, part, (r) => from.fingerprints[r]!, (r) => from.truth[r]!);
    }
  }
  return { original, members };
}

/** What the chain did to each original row, row by row, from the truth. */
function replay(original: string[], members: TrueMember[]) {
  const states = original.map(() => ({ succeeded: false, failed: false, ran: false }));
  for (const { truth, outcomes } of members) {
    truth.forEach((row, i) => {
      const state = states[row];
      if (!state) return;
      state.ran = true;
      if (outcomes[i] === S) state.succeeded = true;
      if (outcomes[i] === F) state.failed = true;
    });
  }
  const rowStates = states.map((s): RowOutcome => (s.succeeded ? S : s.failed ? F : N));
  const neverRan = states.filter((s) => !s.ran).length;
  const notProcessed = rowStates.filter((s) => s === N).length;
  return {
    counts: { total: original.length, succeeded: rowStates.filter((s) => s === S).length, failed: rowStates.filter((s) => s === F).length, notProcessed, neverRan, onlyNotProcessed: notProcessed - neverRan },
    rowStates,
  };
}

describe('the summary against a row-by-row replay of random chains', () => {
  it('gives the same counts without keys: corrected, deleted, reordered and identical rows', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { original, members } = randomChain(seed, false);
      expect(countsOf(summarizeChain(original, members)), `seed ${seed}`).toEqual(replay(original, members).counts);
    }
  });

  it('gives the same standing for every row with keys, rows added by the operator included', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { original, members } = randomChain(seed, true);
      const summary = summarizeChain(original, members);
      const expected = replay(original, members);
      expect(summary.rowStates, `seed ${seed}`).toEqual(expected.rowStates);
      expect(countsOf(summary), `seed ${seed}`).toEqual(expected.counts);
      members.forEach((m, i) => expect([...summary.members[i]!.originalRows], `seed ${seed}, member ${i}`).toEqual(m.truth));
    }
  });

  it('generates chains worth testing: long ones, corrected rows, rests and retries of retries', () => {
    let long = 0;
    let nested = 0;
    let corrected = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const { members } = randomChain(seed, false);
      if (members.length >= 5) long += 1;
      if (members.some((m) => m.source.from !== 'original' && members[m.source.member]!.source.from !== 'original')) nested += 1;
      if (members.some((m) => m.fingerprints.some((f) => f.startsWith('edit-')))) corrected += 1;
    }
    expect(Math.min(long, nested, corrected)).toBeGreaterThan(300);
  });
});
