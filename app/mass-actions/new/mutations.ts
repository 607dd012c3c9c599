'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConsoleApiError, fetchJson } from '@/app/fetch-json';
import { massActionKeys } from '@/app/mass-actions/queries';
import type { StartAnswer, UploadCheckAnswer } from '@/lib/mass-actions/shared/start-types';
import type { ActionType } from '@/lib/uploads/shared/action-types';

export interface CheckRequest {
  file: File;
  actionType: ActionType;
  label: string;
  /** The bulk key of the mass action whose failed rows this file retries (its corrected fix file); null for a new upload. */
  retryOf?: string | null;
}

export interface StartRequest {
  uploadId: number;
  typedConfirmation: string | null;
  overlapReason: string;
  adminOverride: boolean;
}

/** A refused file is an answer, not a failure: 422 with the problems to show. */
function isRefusal(body: unknown): body is Extract<UploadCheckAnswer, { ok: false }> {
  return typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === false && Array.isArray((body as { problems?: unknown }).problems);
}

/** Checks and keeps the file; nothing reaches Zuora (POST /api/uploads). */
export function useCheckUpload() {
  return useMutation({
    mutationFn: async ({ file, actionType, label, retryOf }: CheckRequest): Promise<UploadCheckAnswer> => {
      const form = new FormData();
      form.set('file', file);
      form.set('actionType', actionType);
      if (label.trim()) form.set('label', label.trim());
      if (retryOf) form.set('retryOf', retryOf);
      try {
        return await fetchJson<UploadCheckAnswer>('/api/uploads', { method: 'POST', body: form });
      } catch (error) {
        if (error instanceof ConsoleApiError && error.status === 422 && isRefusal(error.body)) return error.body;
        if (error instanceof ConsoleApiError) throw error;
        // fetch itself failed: the console is unreachable, or the browser could not read the file
        // (it changed on disk after it was chosen).
        throw new Error(`The file could not be sent to the console (${error instanceof Error ? error.message : String(error)}). If you changed the file since choosing it, choose it again.`);
      }
    },
  });
}

/** Sends one checked file to Zuora (POST /api/uploads/{id}/start); the server makes a repeat the same mass action. */
export function startCheckedUpload({ uploadId, typedConfirmation, overlapReason, adminOverride }: StartRequest): Promise<StartAnswer> {
  return fetchJson<StartAnswer>(`/api/uploads/${uploadId}/start`, {
    method: 'POST',
    body: JSON.stringify({ typedConfirmation: typedConfirmation ?? undefined, overlapReason: overlapReason.trim() || undefined, adminOverride: adminOverride || undefined }),
  });
}

/** The start page's Start: one checked file. */
export function useStartUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startCheckedUpload,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: massActionKeys.lists() }),
  });
}
