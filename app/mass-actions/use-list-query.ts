'use client';

import { useUrlQuery } from './use-url-query';
import { listQueryString, parseListQuery, type ListQuery } from '@/lib/mass-actions/shared/list-query';

// Any change but paging starts again on page 1.
const applyChange = (current: ListQuery, change: Partial<ListQuery>): ListQuery => ({ ...current, page: 1, ...change });

/** The list's view state lives in the URL: shareable, and kept by back/forward. */
export function useListQuery(): [ListQuery, (change: Partial<ListQuery>) => void] {
  return useUrlQuery(parseListQuery, listQueryString, applyChange);
}
