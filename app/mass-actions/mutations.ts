'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import { massActionKeys } from './queries';
import type { RegistrationOutcome } from '@/lib/mass-actions/shared/registration-types';
import type { BulkStopAnswer, BulkStopPreview, BulkStopTarget } from '@/lib/mass-actions/shared/bulk-stop';

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

export function usePreviewBulkStop() {
  return useMutation({
    mutationFn: (target: BulkStopTarget) => fetchJson<BulkStopPreview>('/api/mass-actions/bulk-stop/preview', { method: 'POST', body: JSON.stringify({ target }) }),
  });
}

export function useBulkStop() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { target: BulkStopTarget; reason: string; expectedKeys: string[]; confirmation: string | null }) =>
      fetchJson<BulkStopAnswer>('/api/mass-actions/bulk-stop', { method: 'POST', body: JSON.stringify(body) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: massActionKeys.all }),
  });
}
