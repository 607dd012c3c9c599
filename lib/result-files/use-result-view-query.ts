'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseResultViewQuery, resultViewQueryString, type ResultViewQuery } from './view-query';

/** The result view lives in the job page's URL, so a copied link reproduces it exactly. */
export function useResultViewQuery(): [ResultViewQuery, (change: Partial<ResultViewQuery>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parseResultViewQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const update = useCallback(
    (change: Partial<ResultViewQuery>) => {
      const current = parseResultViewQuery(new URLSearchParams(window.location.search));
      // A new filter, search or sort starts on page 1 and forgets the row being pointed at.
      const resets = 'page' in change ? { row: null } : { page: 1, row: null };
      const search = resultViewQueryString({ ...current, ...resets, ...change });
      window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname);
    },
    [pathname],
  );
  return [query, update];
}
