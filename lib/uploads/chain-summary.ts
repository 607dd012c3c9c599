import 'server-only';
import type { RowFingerprint } from './fingerprints';

// Where the rows of one original upload stand after a chain of mass actions started from it: the
// original (whole, or in parts), "the rest" of a stopped one (its resume file), retries of failed rows
// (its fix file, corrected), and so on. Every member's rows come from one source: the original's rows,
// or one earlier member's not-processed or failed rows. Each of its rows is matched to a row of that
// source, and through the source's own matches to a row of the original:
//
// 1. by key: `sourceRows`, when the file carries the row's number in its source (a `#Row` column).
//    Authoritative: a key naming no row still waiting there leaves the row unmatched.
// 2. by value: the same fingerprint. A resume file's rows and a fix file's untouched rows.
// 3. by position, only when the member has no keys: a corrected row has new values, so a new
//    fingerprint. Such a row is paired with the next source row still unmatched between the rows matched
//    by value around it (a fix file keeps its source's order; the operator may delete rows), and
//    failing that with any source row left, in order.
//
// Rows of one source waiting with one outcome have all been through the same runs, so pairing a
// corrected row with the wrong one of them changes which row is counted, never the counts. What
// position cannot tell apart is a row the operator added to a fix file from a corrected one: without
// keys, an added row is taken for a corrected row as long as source rows are left unmatched. A source
// row is matched once: two retries of the same failed rows, or the rest started twice, find nothing left
// to match the second time, and their rows count as unmatched (the upload guard's business).

export type RowOutcome = 'succeeded' | 'failed' | 'not_processed';

export type ChainSource =
  /** The original upload, whole or one part of it. */
  | { from: 'original' }
  /** The rows member `member` never reached: its resume file, whole or one part. */
  | { from: 'rest'; member: number }
  /** The rows that failed in member `member`: its fix file, corrected. */
  | { from: 'retry'; member: number };

export interface ChainMember {
  source: ChainSource;
  /** The rows it ran, in file order. */
  fingerprints: readonly RowFingerprint[];
  /** Each row's outcome (Success Y, N, blank); all not_processed when it ended Failed or was stopped while Pending. */
  outcomes: readonly RowOutcome[];
  /** Each row's number (from 1) in its source's file, where the file carries it; null for a row it does not. */
  sourceRows?: readonly (number | null)[];
}

export interface MemberMatch {
  /** Each row's row in the original (from 0), -1 when unmatched. */
  originalRows: Int32Array;
  byKey: number;
  byValue: number;
  byPosition: number;
  /** Rows traced to no original row: matched to no source row still waiting (added to the file, or run twice), or to one itself unmatched. */
  unmatched: number;
}

export interface ChainSummary {
  /** The original upload's rows. */
  total: number;
  /** Succeeded in some member. */
  succeeded: number;
  /** Never succeeded, and failed the last time they ran. */
  failed: number;
  /** Never ran, or only ever came back not processed: neverRan + onlyNotProcessed. */
  notProcessed: number;
  neverRan: number;
  onlyNotProcessed: number;
  /** Each original row's standing, in the original's order. */
  rowStates: RowOutcome[];
  /** In the order of the members given. */
  members: MemberMatch[];
}

const WANTED: Record<Exclude<ChainSource['from'], 'original'>, RowOutcome> = { rest: 'not_processed', retry: 'failed' };

export function summarizeChain(original: readonly RowFingerprint[], members: readonly ChainMember[]): ChainSummary {
  const succeeded = new Uint8Array(original.length);
  const failedLast = new Uint8Array(original.length);
  const seen = new Uint8Array(original.length);
  const identity = Int32Array.from(original, (_, i) => i);
  // Per source ("original" or a member's index): which of its rows a member has already matched.
  const taken = new Map<string, Uint8Array>();
  const matches: MemberMatch[] = [];

  members.forEach((member, m) => {
    const { source } = member;
    if (member.outcomes.length !== member.fingerprints.length) throw new RangeError(`Member ${m} has ${member.fingerprints.length} rows but ${member.outcomes.length} outcomes.`);
    if (source.from !== 'original' && !(Number.isInteger(source.member) && source.member >= 0 && source.member < m)) {
      throw new RangeError(`Member ${m} comes from member ${source.member}, which is not an earlier member.`);
    }
    const from = source.from === 'original' ? null : { member: members[source.member]!, match: matches[source.member]!, wanted: WANTED[source.from] };
    const parentRows = from ? from.member.fingerprints : original;
    const parentOrigins = from ? from.match.originalRows : identity;
    const key = source.from === 'original' ? 'original' : String(source.member);
    const used = taken.get(key) ?? new Uint8Array(parentRows.length);
    taken.set(key, used);
    const candidates: number[] = [];
    for (let p = 0; p < parentRows.length; p++) if (!used[p] && (!from || from.member.outcomes[p] === from.wanted)) candidates.push(p);

    const { paired, byKey, byValue, byPosition } = matchRows(member, parentRows, candidates);
    const originalRows = new Int32Array(paired.length).fill(-1);
    paired.forEach((p, i) => {
      if (p < 0) return;
      used[p] = 1;
      originalRows[i] = parentOrigins[p]!;
    });
    member.outcomes.forEach((outcome, i) => {
      const row = originalRows[i]!;
      if (row < 0) return;
      seen[row] = 1;
      if (outcome === 'succeeded') succeeded[row] = 1;
      else if (outcome === 'failed') failedLast[row] = 1;
      // not_processed did not run the row: it keeps what it last had.
    });
    matches.push({ originalRows, byKey, byValue, byPosition, unmatched: originalRows.reduce((sum, row) => sum + (row < 0 ? 1 : 0), 0) });
  });

  const rowStates = original.map((_, row): RowOutcome => (succeeded[row] ? 'succeeded' : failedLast[row] ? 'failed' : 'not_processed'));
  const count = (state: RowOutcome) => rowStates.filter((s) => s === state).length;
  const neverRan = seen.reduce((sum, flag) => sum + (flag ? 0 : 1), 0);
  const notProcessed = count('not_processed');
  return { total: original.length, succeeded: count('succeeded'), failed: count('failed'), notProcessed, neverRan, onlyNotProcessed: notProcessed - neverRan, rowStates, members: matches };
}

interface RowMatch {
  /** Each row's source row, -1 when unmatched. */
  paired: Int32Array;
  byKey: number;
  byValue: number;
  byPosition: number;
}

/** Pairs the member's rows with `candidates` (source rows, ascending), in the three steps above. */
function matchRows(member: ChainMember, sourceRows: readonly RowFingerprint[], candidates: readonly number[]): RowMatch {
  const n = member.fingerprints.length;
  // Positions are into `candidates`; -1 none yet, -2 a key that names no waiting row.
  const at = new Int32Array(n).fill(-1);
  const isUsed = new Uint8Array(candidates.length);
  const counts = { byKey: 0, byValue: 0, byPosition: 0 };
  const pair = (i: number, position: number, how: keyof typeof counts) => {
    at[i] = position;
    isUsed[position] = 1;
    counts[how] += 1;
  };

  if (member.sourceRows) {
    const positionOf = new Int32Array(sourceRows.length).fill(-1);
    candidates.forEach((p, position) => (positionOf[p] = position));
    member.sourceRows.forEach((rowNumber, i) => {
      if (rowNumber === null) return;
      const position = Number.isInteger(rowNumber) ? (positionOf[rowNumber - 1] ?? -1) : -1;
      if (position < 0 || isUsed[position]) at[i] = -2;
      else pair(i, position, 'byKey');
    });
  }

  // Each fingerprint's waiting positions, ascending, with how many are gone: duplicates pair in order.
  const waiting = new Map<RowFingerprint, { positions: number[]; next: number }>();
  candidates.forEach((p, position) => {
    if (isUsed[position]) return;
    const fingerprint = sourceRows[p]!;
    const queue = waiting.get(fingerprint);
    if (queue) queue.positions.push(position);
    else waiting.set(fingerprint, { positions: [position], next: 0 });
  });
  member.fingerprints.forEach((fingerprint, i) => {
    const queue = at[i] === -1 ? waiting.get(fingerprint) : undefined;
    if (queue && queue.next < queue.positions.length) pair(i, queue.positions[queue.next++]!, 'byValue');
  });

  if (!member.sourceRows) pairByPosition(at, isUsed, pair);
  return { paired: Int32Array.from(at, (position) => (position >= 0 ? candidates[position]! : -1)), ...counts };
}

/**
 * The rows still unmatched, each with the next waiting candidate after the last row matched before it
 * and before the next one matched after it; those that find none, with any candidate left, in order.
 * One pass each: the scan only moves forward.
 */
function pairByPosition(at: Int32Array, isUsed: Uint8Array, pair: (i: number, position: number, how: 'byPosition') => void): void {
  const n = at.length;
  const candidateCount = isUsed.length;
  const nextMatched = new Int32Array(n);
  let next = candidateCount;
  for (let i = n - 1; i >= 0; i--) {
    nextMatched[i] = next;
    if (at[i]! >= 0) next = at[i]!;
  }
  const deferred: number[] = [];
  let cursor = -1;
  let scan = 0;
  for (let i = 0; i < n; i++) {
    if (at[i]! >= 0) {
      cursor = Math.max(cursor, at[i]!);
      continue;
    }
    scan = Math.max(scan, cursor + 1);
    while (scan < candidateCount && isUsed[scan]) scan += 1;
    if (scan < nextMatched[i]!) {
      pair(i, scan, 'byPosition');
      cursor = scan;
    } else {
      deferred.push(i);
    }
  }
  let left = 0;
  for (const i of deferred) {
    while (left < candidateCount && isUsed[left]) left += 1;
    if (left === candidateCount) return;
    pair(i, left, 'byPosition');
  }
}
