import 'server-only';
import type { BulkKey } from '../zuora/shared/bulk-key';
import { explainBadBulkKey } from '../zuora/shared/bulk-key';
import { ApiError } from './api-error';

/** A bulk key from the URL, refused with the reason before anything else sees it. */
export function parseBulkKeyParam(value: string): BulkKey {
  const problem = explainBadBulkKey(value);
  if (problem) throw new ApiError(400, 'bad_bulk_key', problem);
  return value as BulkKey;
}
