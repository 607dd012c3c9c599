'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { massActionKeys } from './queries';
import type { RegistrationOutcome } from '@/lib/mass-actions/shared/registration-types';

export function useStopMassAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ bulkKey, reason }: { bulkKey: string; reason: string }) =>
      fetchJson<{ joined: boolean; message: string }>(`/api/mass-actions/${encodeURIComponent(bulkKey)}/stop`, { method: 'POST', body: JSON.stringify({ reason: reason || undefined }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: massActionKeys.all }),
  });
}

export function useRegisterBulkKeys() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ keys, label, via = 'form' }: { keys: string; label: string; via?: 'form' | 'link' }) =>
      fetchJson<{ outcomes: RegistrationOutcome[] }>('/api/mass-actions', { method: 'POST', body: JSON.stringify({ keys, label: label || undefined, via }) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: massActionKeys.lists() }),
  });
}
