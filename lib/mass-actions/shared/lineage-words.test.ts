import { describe, expect, it } from 'vitest';
import { relationWords, shortName } from './lineage-words';

describe('lineage words', () => {
  it('names the rest, its parts and retries', () => {
    expect(relationWords({ relation: 'rest', partIndex: null, partCount: null })).toBe('the rest');
    expect(relationWords({ relation: 'rest', partIndex: 2, partCount: 3 })).toBe('the rest, part 2 of 3');
    expect(relationWords({ relation: 'retry', partIndex: null, partCount: null })).toBe('a retry of the failed rows');
    expect(shortName({ label: null, bulkKey: 'abcdef0123456789abcdef0123456789' })).toBe('abcdef01…');
  });
});
