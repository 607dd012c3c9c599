import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../fetch-json';
import type { ErrorGroupList } from '@/lib/result-files/shared/types';
import { resultViewQueryString, type ResultViewQuery } from '@/lib/result-files/shared/view-query';
import type { ResultView } from '@/lib/result-files/shared/view-types';

export const resultKeys = {
  view: (bulkKey: string, query: ResultViewQuery) => ['result', bulkKey, 'view', query] as const,
  errorGroups: (bulkKey: string, page: number) => ['result', bulkKey, 'error-groups', page] as const,
};

export function resultViewQuery(bulkKey: string, query: ResultViewQuery) {
  return queryOptions({
    queryKey: resultKeys.view(bulkKey, query),
    queryFn: () => fetchJson<ResultView>(`/api/mass-actions/${bulkKey}/result?${resultViewQueryString(query)}`),
    // Live progress while the file is being imported; a finished file never changes.
    refetchInterval: (q) => (q.state.data?.status?.state === 'importing' || q.state.data?.availability === 'waiting' ? 1000 : false),
    placeholderData: keepPreviousData,
  });
}

export const ERROR_GROUPS_PAGE_SIZE = 20;

/** One page of the error groups of a finished file, which never change. */
export function errorGroupsQuery(bulkKey: string, page: number) {
  return queryOptions({
    queryKey: resultKeys.errorGroups(bulkKey, page),
    queryFn: () => fetchJson<ErrorGroupList>(`/api/mass-actions/${bulkKey}/result/error-groups?page=${page}&pageSize=${ERROR_GROUPS_PAGE_SIZE}`),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

/** A download's address; the fix file of one error group takes the group's template. */
export function downloadHref(bulkKey: string, kind: 'original' | 'view' | 'resume' | 'fix', query?: ResultViewQuery, template?: string): string {
  const params = new URLSearchParams(query ? resultViewQueryString({ ...query, page: 1, row: null }) : '');
  params.set('kind', kind);
  if (template) params.set('template', template);
  return `/api/mass-actions/${bulkKey}/result/download?${params}`;
}
