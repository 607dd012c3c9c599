import { ACTION_TYPES, isActionType, type ActionType } from './action-types';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

export interface BulkParams {
  actionType: ActionType;
  checksum?: string;
}

function paramsError(status: number, category: number, message: string): ZuoraError {
  return new ZuoraError(status, RESOURCE.bulkParams, category, message);
}

/**
 * Reads the `params` part of POST /v1/bulk: a JSON string with actionType and optional checksum.
 * An unknown actionType answers 200 with success:false, the quirk the README warns of (Zuora
 * answers some validation failures that way); a client that trusts the status code alone misses it.
 * Everything else that is wrong is a 400.
 */
export function readBulkParams(raw: string | null): BulkParams {
  if (raw === null) throw paramsError(400, CATEGORY.missingField, "Missing required field 'params'.");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw paramsError(400, CATEGORY.malformed, "The field 'params' is not valid JSON.");
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw paramsError(400, CATEGORY.invalidValue, "The field 'params' must be a JSON object.");
  }
  const { actionType, checksum, ...unknown } = json as Record<string, unknown>;
  const unknownField = Object.keys(unknown)[0];
  if (unknownField !== undefined) throw paramsError(400, CATEGORY.unknownField, `Unknown field '${unknownField}' in params.`);
  if (actionType === undefined || actionType === null || actionType === '') {
    throw paramsError(400, CATEGORY.missingField, "Missing required field 'actionType' in params.");
  }
  if (!isActionType(actionType)) {
    throw paramsError(200, CATEGORY.invalidValue, `Invalid actionType '${String(actionType)}'. Valid values: ${ACTION_TYPES.join(', ')}.`);
  }
  if (checksum === undefined || checksum === null) return { actionType };
  if (typeof checksum !== 'string' || !/^[0-9a-fA-F]{32}$/.test(checksum)) {
    throw paramsError(400, CATEGORY.invalidValue, 'The checksum must be the 32-character MD5 of the file.');
  }
  return { actionType, checksum: checksum.toLowerCase() };
}
