'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/**
 * A view's state kept in the URL's query string, so a copied link reproduces the view. Changes
 * replace the history entry through the History API (Next.js keeps useSearchParams in step), and
 * start from the address bar rather than the last render, so a debounced search cannot undo a
 * sort chosen meanwhile.
 */
export function useUrlQuery<Q>(
  parse: (params: URLSearchParams) => Q,
  serialize: (query: Q) => string,
  applyChange: (current: Q, change: Partial<Q>) => Q,
): [Q, (change: Partial<Q>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parse(new URLSearchParams(searchParams.toString())), [parse, searchParams]);
  const update = useCallback(
    (change: Partial<Q>) => {
      const search = serialize(applyChange(parse(new URLSearchParams(window.location.search)), change));
      window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname);
    },
    [parse, serialize, applyChange, pathname],
  );
  return [query, update];
}
