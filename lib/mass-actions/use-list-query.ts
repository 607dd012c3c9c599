'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { listQueryString, parseListQuery, type ListQuery } from './list-query';

/** The list's view state lives in the URL: shareable, and kept by back/forward. */
export function useListQuery(): [ListQuery, (change: Partial<ListQuery>) => void] {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseListQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const update = useCallback(
    (change: Partial<ListQuery>) => {
      // Any change but paging starts again on page 1.
      const next = { ...query, page: 1, ...change };
      const search = listQueryString(next);
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [query, router, pathname],
  );
  return [query, update];
}
