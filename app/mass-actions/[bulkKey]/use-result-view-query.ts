'use client';

import { useUrlQuery } from '../use-url-query';
import { parseResultViewQuery, resultViewQueryString, type ResultViewQuery } from '@/lib/result-files/shared/view-query';

// A new filter, search or sort starts on page 1 and forgets the row being pointed at; paging keeps neither.
function applyChange(current: ResultViewQuery, change: Partial<ResultViewQuery>): ResultViewQuery {
  const resets = 'page' in change ? { row: null } : { page: 1, row: null };
  return { ...current, ...resets, ...change };
}

/** The result view lives in the job page's URL, so a copied link reproduces it exactly. */
export function useResultViewQuery(): [ResultViewQuery, (change: Partial<ResultViewQuery>) => void] {
  return useUrlQuery(parseResultViewQuery, resultViewQueryString, applyChange);
}
