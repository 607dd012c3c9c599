'use client';

import { useUrlQuery, type UpdateUrlQuery } from './use-url-query';
import { listQueryString, parseListQuery, type ListQuery } from '@/lib/mass-actions/shared/list-query';

// Any change but paging starts again on page 1.
const applyChange = (current: ListQuery, change: Partial<ListQuery>): ListQuery => ({ ...current, page: 1, ...change });
// Typing in the search replaces the history entry; tabs, sorts and pages each make one.
const TYPED_KEYS: (keyof ListQuery)[] = ['q'];

/** The list's view state lives in the URL: shareable, and kept by back/forward. */
export function useListQuery(): [ListQuery, UpdateUrlQuery<ListQuery>] {
  return useUrlQuery(parseListQuery, listQueryString, applyChange, TYPED_KEYS);
}
