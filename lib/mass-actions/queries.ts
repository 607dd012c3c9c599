import { queryOptions } from '@tanstack/react-query';
import { isTerminal } from './status';
import type { MassActionList } from './types';

export const massActionKeys = {
  all: ['mass-actions'] as const,
  list: () => [...massActionKeys.all, 'list'] as const,
};

export class ConsoleApiError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new ConsoleApiError(response.status, body?.error?.message ?? `The console answered ${response.status}.`);
  return body as T;
}

/** Poll only while something on screen can still change. */
export function refetchIntervalFor(list: MassActionList | undefined, intervalMs: number): number | false {
  return list?.items.some((item) => !isTerminal(item.state?.status)) ? intervalMs : false;
}

export function massActionListQuery(intervalMs: number, isPaused: boolean) {
  return queryOptions({
    queryKey: massActionKeys.list(),
    queryFn: () => fetchJson<MassActionList>('/api/mass-actions'),
    refetchInterval: (query) => (isPaused ? false : refetchIntervalFor(query.state.data, intervalMs)),
  });
}
