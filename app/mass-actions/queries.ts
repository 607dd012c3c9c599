import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { listQueryString, type ListQuery } from '@/lib/mass-actions/shared/list-query';
import { isTerminal } from '@/lib/mass-actions/shared/status';
import type { MassActionList } from '@/lib/mass-actions/shared/types';
import type { JobView } from '@/lib/mass-actions/shared/job-types';

export const massActionKeys = {
  all: ['mass-actions'] as const,
  lists: () => [...massActionKeys.all, 'list'] as const,
  list: (query: ListQuery) => [...massActionKeys.lists(), query] as const,
  job: (bulkKey: string) => [...massActionKeys.all, 'job', bulkKey] as const,
};

/** Poll only while something on screen can still change. */
export function refetchIntervalFor(list: MassActionList | undefined, intervalMs: number): number | false {
  return list?.items.some((item) => !isTerminal(item.state?.status)) ? intervalMs : false;
}

export function massActionListQuery(query: ListQuery, intervalMs: number, isPaused: boolean) {
  return queryOptions({
    queryKey: massActionKeys.list(query),
    queryFn: () => fetchJson<MassActionList>(`/api/mass-actions?${listQueryString(query)}`),
    refetchInterval: (q) => (isPaused ? false : refetchIntervalFor(q.state.data, intervalMs)),
    // Keep the last page on screen while the next tab or search loads.
    placeholderData: (previous) => previous,
  });
}

export function jobQuery(bulkKey: string, intervalMs: number, isPaused: boolean) {
  return queryOptions({
    queryKey: massActionKeys.job(bulkKey),
    queryFn: () => fetchJson<JobView>(`/api/mass-actions/${bulkKey}`),
    refetchInterval: (q) => (isPaused || isTerminal(q.state.data?.row.state?.status) ? false : intervalMs),
  });
}
