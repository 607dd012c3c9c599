'use client';

import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '@/app/fetch-json';
import { massActionKeys } from '@/app/mass-actions/queries';
import type { AutoStopRule, AutoStopView } from '@/lib/mass-actions/shared/auto-stop';
import type { MassActionStatus } from '@/lib/mass-actions/shared/status';
import { isTerminal } from '@/lib/mass-actions/shared/status';

// Under the job's key: whatever refreshes the job's queries reaches the rule too.
export const autoStopKeys = {
  all: (bulkKey: string) => [...massActionKeys.job(bulkKey), 'auto-stop'] as const,
  /** Keyed by the job's status as well: a status change (a rule firing makes it Stopping) reads the rule again at once. */
  at: (bulkKey: string, status: MassActionStatus | null) => [...autoStopKeys.all(bulkKey), status] as const,
};

const autoStopUrl = (bulkKey: string) => `/api/mass-actions/${encodeURIComponent(bulkKey)}/auto-stop`;

/** Read every interval while the rule can still fire or change; once finished or fired it stays as it is. */
export function autoStopQuery(bulkKey: string, status: MassActionStatus | null, intervalMs: number, isPaused: boolean) {
  return queryOptions({
    queryKey: autoStopKeys.at(bulkKey, status),
    queryFn: () => fetchJson<AutoStopView>(autoStopUrl(bulkKey)),
    refetchInterval: (q) => (isPaused || isTerminal(status) || q.state.data?.state === 'fired' ? false : intervalMs),
    placeholderData: (previous) => previous,
  });
}

/** PUT the rule (null: no rule); the answer is the rule as it now stands. */
export function useSaveAutoStopRule(bulkKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: AutoStopRule | null) => fetchJson<AutoStopView>(autoStopUrl(bulkKey), { method: 'PUT', body: JSON.stringify(rule ?? { none: true }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: autoStopKeys.all(bulkKey) }),
  });
}
