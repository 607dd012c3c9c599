import { describe, expect, it } from 'vitest';
import type { ChainMemberView } from '@/lib/mass-actions/shared/chain-types';
import { describeChainSummary, describePendingMembers, describeRelation, describeRestConfirm, describeRestQuestion, orderChainMembers, shortBulkKey } from './chain-words';

const member = (bulkKey: string, parentBulkKey: string | null, relation: ChainMemberView['relation'], depth: number, part: [number, number] | null = null): ChainMemberView => ({
  bulkKey, label: null, status: 'Completed', relation, parentBulkKey, partIndex: part?.[0] ?? null, partCount: part?.[1] ?? null, totalCount: 10, processedCount: 10, depth,
});

describe('orderChainMembers', () => {
  it('puts each member under the one it was started from, siblings in the given order', () => {
    // As the server lists them: level by level.
    const levels = [member('o', null, 'original', 0), member('p1', 'o', 'rest', 1, [1, 2]), member('p2', 'o', 'rest', 1, [2, 2]), member('r1', 'p1', 'retry', 2), member('r2', 'p2', 'retry', 2)];
    expect(orderChainMembers(levels).map((m) => m.bulkKey)).toEqual(['o', 'p1', 'r1', 'p2', 'r2']);
  });

  it('keeps a member whose parent is missing, at the end', () => {
    const members = [member('o', null, 'original', 0), member('x', 'gone', 'retry', 2), member('r', 'o', 'retry', 1)];
    expect(orderChainMembers(members).map((m) => m.bulkKey)).toEqual(['o', 'r', 'x']);
  });
});

describe('the chain in words', () => {
  it('names the relation, with the part when there are several', () => {
    expect(describeRelation({ relation: 'original', partIndex: null, partCount: null })).toBe('Original');
    expect(describeRelation({ relation: 'rest', partIndex: null, partCount: null })).toBe('The rest');
    expect(describeRelation({ relation: 'rest', partIndex: 2, partCount: 3 })).toBe('The rest, part 2 of 3');
    expect(describeRelation({ relation: 'retry', partIndex: null, partCount: null })).toBe('A retry of the failed rows');
  });

  it('shortens a bulk key', () => {
    expect(shortBulkKey('8a8aa1b2c3d4e5f60718293a4b5c6d7e')).toBe('8a8aa1b2…');
  });

  it('sums the chain up from the original rows, numbers grouped', () => {
    expect(describeChainSummary({ total: 100_000, succeeded: 98_200, failed: 1_300, notProcessed: 500, pendingMembers: 0 })).toBe(
      'Of the original 100,000 rows: 98,200 succeeded somewhere in the chain, 1,300 failed the last time they ran, 500 never processed.',
    );
    expect(describeChainSummary({ total: 1, succeeded: 1, failed: 0, notProcessed: 0, pendingMembers: 0 })).toMatch(/^Of the original 1 row: /);
  });

  it('says when members are still out, one or several', () => {
    expect(describePendingMembers(0)).toBeNull();
    expect(describePendingMembers(1)).toMatch(/^1 mass action of the chain is still running.*its rows count as not processed until it finishes/);
    expect(describePendingMembers(2)).toMatch(/^2 mass actions of the chain are still running.*their rows count as not processed until they finish/);
  });
});

describe('the rest in words', () => {
  it('names rows, parts, type and environment', () => {
    expect(describeRestQuestion(12_345, 2, 'Update accounting codes', 'production')).toBe(
      'Start the rest: 12,345 not-processed rows of Update accounting codes, as 2 mass actions of at most 4 MB each, in production?',
    );
    expect(describeRestQuestion(1, 1, 'Import FX rates', 'sandbox')).toBe('Start the rest: 1 not-processed row of Import FX rates, as 1 mass action, in the sandbox?');
  });

  it('says on the button what it starts', () => {
    expect(describeRestConfirm(3_781, 1)).toBe('Start 3,781 rows');
    expect(describeRestConfirm(12_345, 2)).toBe('Start 12,345 rows as 2 mass actions');
  });
});
