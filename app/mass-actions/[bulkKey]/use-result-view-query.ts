'use client';

import { useUrlQuery, type UpdateUrlQuery } from '../use-url-query';
import { parseResultViewQuery, resultViewQueryString, type ResultViewQuery } from '@/lib/result-files/shared/view-query';

// A new filter, search or sort starts on page 1 and forgets the row being pointed at; paging keeps neither.
function applyChange(current: ResultViewQuery, change: Partial<ResultViewQuery>): ResultViewQuery {
  const resets = 'page' in change ? { row: null } : { page: 1, row: null };
  return { ...current, ...resets, ...change };
}

// Typing in the search replaces the history entry; chips, sorts and pages each make one.
const TYPED_KEYS: (keyof ResultViewQuery)[] = ['search'];

/** The result view lives in the job page's URL, so a copied link reproduces it exactly, and Back undoes a change. */
export function useResultViewQuery(): [ResultViewQuery, UpdateUrlQuery<ResultViewQuery>] {
  return useUrlQuery(parseResultViewQuery, resultViewQueryString, applyChange, TYPED_KEYS);
}
