import 'server-only';
import { parseErrorBody, quoteReasons } from './error-body';
import { ZuoraError } from './errors';
import type { CallMeta, ZuoraHttpClient } from './http-client';
import { parseAnswer } from './parse-answer';
import { createMassActionResponse } from './schemas';

export const ACTION_TYPES = ['UpdateAccountingCode', 'CreateRevenueSchedule', 'UpdateRevenueSchedule', 'DeleteRevenueSchedule', 'ImportFXRate', 'MPU'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface StartMassActionInput {
  /** A .csv, or a .zip holding one .csv (Zuora's rules; Zuora checks them, and the 4 MB cap). */
  file: { name: string; bytes: Uint8Array };
  actionType: ActionType;
  /** The MD5 of `bytes` as 32 hex characters: Zuora refuses the upload when it does not match. */
  checksum?: string | null;
  /**
   * One per mass action meant (≤255 printable ASCII characters). It is what lets a timed-out or
   * 5xx'd upload be sent again: Zuora starts it once and answers a repeat with the first result.
   */
  idempotencyKey: string;
}

export interface StartedMassAction {
  bulkKey: string;
  /**
   * Zuora answered with the result of an earlier upload under this key (409): another request's, or
   * this call's own first attempt that timed out. Zuora may also answer a replay as a plain 200,
   * which this cannot tell from a first upload; the bulk key is the same either way.
   */
  replayed: boolean;
  meta: CallMeta;
}

// Printable ASCII without leading or trailing spaces, which header handling would trim away.
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

const WHAT = 'POST /v1/bulk';

function fileBlob(file: StartMassActionInput['file']): Blob {
  // A copy, so a caller reusing its buffer cannot change what a retry sends.
  return new Blob([new Uint8Array(file.bytes)], { type: /\.zip$/i.test(file.name) ? 'application/zip' : 'text/csv' });
}

/** A 409 with no bulk key: the upload reached Zuora before, but which mass action it started is not said. */
function replayWithoutKey(body: unknown, text: string, meta: CallMeta): ZuoraError {
  const { reasons, processId } = parseErrorBody(body, text);
  const said = quoteReasons(reasons);
  return new ZuoraError(
    'Zuora has already received this upload (409: its Idempotency-Key was used before) but did not give the bulk key of the mass action it started, ' +
      `so the console cannot follow it: find it in Zuora's Mass Updater before uploading the file again.${said ? ` Zuora said: ${said}` : ''}`,
    { kind: 'replayed_without_key', status: meta.status, reasons, processId, requestId: meta.requestId, trackId: meta.trackId },
  );
}

/**
 * Starts a mass action: POST /v1/bulk with the file and its params. Retried on 429, 5xx and timeouts
 * (the key makes that safe). Zuora's refusal (a 4xx, or a 200 with success:false) is a ZuoraError
 * quoting Zuora's reasons. After every retry has timed out the outcome is unknown: calling again
 * with the same key later answers the mass action if one was started, or starts it.
 */
export async function startMassAction(http: ZuoraHttpClient, input: StartMassActionInput): Promise<StartedMassAction> {
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw new TypeError('An Idempotency-Key must be 1 to 255 printable ASCII characters, without spaces at either end.');
  }
  const form = new FormData();
  form.set('file', fileBlob(input.file), input.file.name);
  form.set('params', JSON.stringify({ actionType: input.actionType, ...(input.checksum ? { checksum: input.checksum } : {}) }));
  const { body, text, meta } = await http.requestJson({
    method: 'POST', path: '/v1/bulk', body: form, idempotencyKey: input.idempotencyKey, idempotent: false, answerStatuses: [409],
  });
  if (meta.status !== 409) return { bulkKey: parseAnswer(createMassActionResponse, body, WHAT, meta).bulkKey, replayed: false, meta };
  const replay = createMassActionResponse.safeParse(body);
  if (!replay.success || replay.data.success === false) throw replayWithoutKey(body, text, meta);
  return { bulkKey: replay.data.bulkKey, replayed: true, meta };
}
