import 'server-only';
import type { MassActionState } from '../mass-actions/shared/types';
import { isBulkKey } from './shared/bulk-key';
import { ZuoraError } from './errors';
import type { CallMeta, ZuoraHttpClient } from './http-client';
import { parseAnswer as parse } from './parse-answer';
import { refusalOfResultFileAddress } from './result-file-address';
import { massActionResponse, stopMassActionResponse } from './schemas';
import { startMassAction, type StartedMassAction, type StartMassActionInput } from './start-mass-action';

export { ACTION_TYPES, type ActionType, type StartedMassAction, type StartMassActionInput } from './start-mass-action';

function bulkPath(bulkKey: string, suffix = ''): string {
  // The only gate between user input and a Zuora URL: never build a path from anything unchecked.
  if (!isBulkKey(bulkKey)) throw new TypeError('A bulk key must be 32 letters or digits.');
  return `/v1/bulk/${bulkKey}${suffix}`;
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

    startMassAction(input: StartMassActionInput): Promise<StartedMassAction> {
      return startMassAction(http, input);
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
