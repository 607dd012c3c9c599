import 'server-only';
import type { z } from 'zod';
import type { MassActionState } from '../mass-actions/shared/types';
import { isBulkKey } from './shared/bulk-key';
import { ZuoraError } from './errors';
import type { CallMeta, ZuoraHttpClient } from './http-client';
import { refusalOfResultFileAddress } from './result-file-address';
import { createMassActionResponse, massActionResponse, stopMassActionResponse } from './schemas';

export const ACTION_TYPES = ['UpdateAccountingCode', 'CreateRevenueSchedule', 'UpdateRevenueSchedule', 'DeleteRevenueSchedule', 'ImportFXRate', 'MPU'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface CreateMassActionInput {
  actionType: ActionType;
  file: Blob;
  fileName: string;
  checksum?: string;
  idempotencyKey?: string;
}

function bulkPath(bulkKey: string, suffix = ''): string {
  // The only gate between user input and a Zuora URL: never build a path from anything unchecked.
  if (!isBulkKey(bulkKey)) throw new TypeError('A bulk key must be 32 letters or digits.');
  return `/v1/bulk/${bulkKey}${suffix}`;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string, meta: CallMeta): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ');
  throw new ZuoraError(`Zuora's answer to ${what} is not what its API describes: ${problem}.`, {
    kind: 'bad_response', status: meta.status, requestId: meta.requestId, trackId: meta.trackId,
  });
}

export function massActionOperations(http: ZuoraHttpClient, origin: string) {
  return {
    async getMassAction(bulkKey: string): Promise<{ state: MassActionState; meta: CallMeta }> {
      const { body, meta } = await http.requestJson({ method: 'GET', path: bulkPath(bulkKey), idempotent: true });
      return { state: parse(massActionResponse, body, 'GET /v1/bulk/{bulk-key}', meta), meta };
    },

    async stopMassAction(bulkKey: string): Promise<{ meta: CallMeta }> {
      // Not idempotent: a second stop of a Stopping action is refused, so only unprocessed failures are retried.
      const { body, meta } = await http.requestJson({ method: 'PUT', path: bulkPath(bulkKey, '/stop'), idempotent: false });
      parse(stopMassActionResponse, body, 'PUT /v1/bulk/{bulk-key}/stop', meta);
      return { meta };
    },

    async createMassAction(input: CreateMassActionInput): Promise<{ bulkKey: string; meta: CallMeta }> {
      const form = new FormData();
      form.set('file', input.file, input.fileName);
      form.set('params', JSON.stringify({ actionType: input.actionType, ...(input.checksum ? { checksum: input.checksum } : {}) }));
      const { body, meta } = await http.requestJson({
        method: 'POST', path: '/v1/bulk', body: form, idempotencyKey: input.idempotencyKey, idempotent: Boolean(input.idempotencyKey),
      });
      return { bulkKey: parse(createMassActionResponse, body, 'POST /v1/bulk', meta).bulkKey, meta };
    },

    /** Opens a result file; only from the configured Zuora origin, because the request carries our token. */
    async openResultFile(outputUrl: string): Promise<{ response: Response; meta: CallMeta }> {
      let url: URL;
      try {
        url = new URL(outputUrl);
      } catch {
        throw new ZuoraError('The result file address Zuora gave is not a URL.', { kind: 'bad_response' });
      }
      const refusal = refusalOfResultFileAddress(url, origin);
      if (refusal) throw new ZuoraError(refusal, { kind: 'foreign_host' });
      return http.requestStream({ method: 'GET', path: url.pathname, idempotent: true });
    },
  };
}
