import { describe, expect, it } from 'vitest';
import { historyModeFor } from './use-url-query';

type Q = { outcome: string; search: string; sort: string; page: number };
const TYPED: (keyof Q)[] = ['search'];

describe('historyModeFor', () => {
  it('makes a history entry of a filter, sort or page change, so Back undoes it', () => {
    expect(historyModeFor<Q>({ outcome: 'failed' }, TYPED)).toBe('push');
    expect(historyModeFor<Q>({ sort: 'row-desc' }, TYPED)).toBe('push');
    expect(historyModeFor<Q>({ page: 2 }, TYPED)).toBe('push');
    expect(historyModeFor<Q>({ outcome: 'failed', search: '' }, TYPED)).toBe('push');
  });

  it('replaces the entry while the search is typed, unless the caller asks for an entry', () => {
    expect(historyModeFor<Q>({ search: 'Invoi' }, TYPED)).toBe('replace');
    expect(historyModeFor<Q>({ search: '' }, TYPED, 'push')).toBe('push');
  });
});
