import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../queries';
import type { ErrorGroupList } from '@/lib/result-files/shared/types';
import { resultViewQueryString, type ResultViewQuery } from '@/lib/result-files/shared/view-query';
import type { ResultView } from '@/lib/result-files/shared/view-types';

export const resultKeys = {
  view: (bulkKey: string, query: ResultViewQuery) => ['result', bulkKey, 'view', query] as const,
  errorGroups: (bulkKey: string) => ['result', bulkKey, 'error-groups'] as const,
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

export function errorGroupsQuery(bulkKey: string, isReady: boolean) {
  return queryOptions({
    queryKey: resultKeys.errorGroups(bulkKey),
    queryFn: () => fetchJson<ErrorGroupList>(`/api/mass-actions/${bulkKey}/result/error-groups`),
    enabled: isReady,
    staleTime: Infinity,
  });
}

export function downloadHref(bulkKey: string, kind: 'original' | 'view' | 'resume' | 'fix', query?: ResultViewQuery, errorMessage?: string): string {
  const params = new URLSearchParams(query ? resultViewQueryString({ ...query, page: 1, row: null }) : '');
  params.set('kind', kind);
  if (errorMessage) params.set('error', errorMessage);
  return `/api/mass-actions/${bulkKey}/result/download?${params}`;
}
