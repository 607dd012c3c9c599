'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { listQueryString, parseListQuery, type ListQuery } from './list-query';

/** The list's view state lives in the URL: shareable, and kept by back/forward. */
export function useListQuery(): [ListQuery, (change: Partial<ListQuery>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parseListQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const update = useCallback(
    (change: Partial<ListQuery>) => {
      // From the address bar, not the render: a debounced search must not undo a sort chosen meanwhile.
      const current = parseListQuery(new URLSearchParams(window.location.search));
      // Any change but paging starts again on page 1.
      const search = listQueryString({ ...current, page: 1, ...change });
      // Next.js syncs useSearchParams with the History API; no server round trip for a view change.
      window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname);
    },
    [pathname],
  );
  return [query, update];
}
