'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export type HistoryMode = 'push' | 'replace';
export type UpdateUrlQuery<Q> = (change: Partial<Q>, options?: { history?: HistoryMode }) => void;

/**
 * Each change is a history entry, so Back undoes a filter, a sort or a page and stays on the page;
 * a change of only the `typedKeys` (a search, debounced as it is typed) replaces the current entry
 * instead, or Back would replay the typing. A caller may say otherwise (a "Clear the search" click).
 */
export function historyModeFor<Q>(change: Partial<Q>, typedKeys: readonly (keyof Q)[], requested?: HistoryMode): HistoryMode {
  if (requested) return requested;
  return (Object.keys(change) as (keyof Q)[]).every((key) => typedKeys.includes(key)) ? 'replace' : 'push';
}

/**
 * A view's state kept in the URL's query string, so a copied link reproduces the view. Changes go
 * through the History API (Next.js keeps useSearchParams in step, and restores it on Back), and
 * start from the address bar rather than the last render, so a debounced search cannot undo a
 * sort chosen meanwhile.
 */
export function useUrlQuery<Q>(
  parse: (params: URLSearchParams) => Q,
  serialize: (query: Q) => string,
  applyChange: (current: Q, change: Partial<Q>) => Q,
  typedKeys: readonly (keyof Q)[] = [],
): [Q, UpdateUrlQuery<Q>] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parse(new URLSearchParams(searchParams.toString())), [parse, searchParams]);
  const update = useCallback<UpdateUrlQuery<Q>>(
    (change, options = {}) => {
      const current = parse(new URLSearchParams(window.location.search));
      const search = serialize(applyChange(current, change));
      // Nothing changed (the chip already chosen): no entry for Back to step through.
      if (search === serialize(current)) return;
      const url = search ? `${pathname}?${search}` : pathname;
      if (historyModeFor(change, typedKeys, options.history) === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [parse, serialize, applyChange, pathname, typedKeys],
  );
  return [query, update];
}
