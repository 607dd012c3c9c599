import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ActionType } from './action-types';
import { readBehaviourHeader, resolveBehaviour, BEHAVIOUR_HEADER, type UploadBehaviour } from './behaviour';
import { readBulkParams } from './bulk-params';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import { requireBearer } from './oauth';
import { drainBody } from './read-body';
import { sendJson } from './respond';
import type { RouteHandler, RouteRequest } from './sandbox-context';
import { readUploadParts, MAX_UPLOAD_BYTES } from './upload-request';
import { missingRequiredColumns } from './upload-rules';
import { extractCsv, FileProblem, parseTable, unreadableTable, type UploadedTable } from './uploaded-table';
import { ZuoraError, CATEGORY, RESOURCE, errorBody, errorCode } from './zuora-errors';

// POST /v1/bulk: an upload becomes a mass action, is refused, or replays an earlier answer.

function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ZuoraError(400, RESOURCE.bulkRequest, CATEGORY.invalidValue, `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
  }
  return key;
}

/** A refusal for the file, in the form the behaviour picks: a 400, or a 200 with success:false. */
function refusal(behaviour: UploadBehaviour, category: number, message: string): ZuoraError {
  return new ZuoraError(behaviour.refusalStatus, RESOURCE.bulkFile, category, message);
}

/**
 * The table to run and, for a file that is a CSV but breaks its type's rules, what is wrong with it.
 * A file that is no CSV at all (nor a zip of one) throws: that is refused whatever the behaviour.
 */
function checkFile(file: { name: string; bytes: Uint8Array }, actionType: ActionType, behaviour: UploadBehaviour): { table: UploadedTable; problem: FileProblem | null } {
  const csv = extractCsv(file.name, file.bytes);
  let table: UploadedTable;
  try {
    table = parseTable(csv);
  } catch (error) {
    if (error instanceof FileProblem) return { table: unreadableTable(csv.name), problem: error };
    throw error;
  }
  const missing = missingRequiredColumns(actionType, table.header, behaviour.headerMatch);
  if (missing.length === 0) return { table, problem: null };
  const message = `Missing required column${missing.length > 1 ? 's' : ''} for ${actionType}: ${missing.join(', ')}.`;
  return { table, problem: new FileProblem('content', message, CATEGORY.missingField) };
}

function answerReplay({ req, res, context }: RouteRequest, original: unknown): void {
  context.stats.recordUpload('replayed');
  const form = context.faults.current().replay;
  if (form === 'original-200') return sendJson(req, res, 200, original);
  if (form === 'in-progress-409') {
    return sendJson(req, res, 409, errorBody(errorCode(RESOURCE.bulkRequest, CATEGORY.locking), 'A request with the same Idempotency-Key is still in progress.'));
  }
  sendJson(req, res, 409, original);
}

async function upload(request: RouteRequest): Promise<void> {
  const { req, res, context } = request;
  requireBearer(req, context.tokens);
  const idempotencyKey = idempotencyKeyOf(req);
  const original = idempotencyKey === undefined ? undefined : context.idempotency.recall(idempotencyKey);
  if (original !== undefined) {
    await drainBody(req);
    answerReplay(request, original);
    return;
  }
  const behaviour = resolveBehaviour(context.defaultBehaviour, context.behaviourOverrides, readBehaviourHeader(req.headers[BEHAVIOUR_HEADER]));
  const parts = await readUploadParts(req);
  if (parts.fileTooLarge) throw refusal(behaviour, CATEGORY.invalidValue, `The file exceeds the maximum size of ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  if (parts.file === null) throw new ZuoraError(400, RESOURCE.bulkFile, CATEGORY.missingField, "Missing required field 'file'.");
  const params = readBulkParams(parts.params);
  if (params.checksum !== undefined && params.checksum !== createHash('md5').update(parts.file.bytes).digest('hex')) {
    throw refusal(behaviour, CATEGORY.invalidValue, 'The checksum does not match the uploaded file.');
  }
  let checked: ReturnType<typeof checkFile>;
  try {
    checked = checkFile(parts.file, params.actionType, behaviour);
  } catch (error) {
    throw error instanceof FileProblem ? refusal(behaviour, error.category, error.message) : error;
  }
  const { table, problem } = checked;
  if (problem && behaviour.badFile === 'refuse') throw refusal(behaviour, problem.category, problem.message);
  // A concurrent request with the same key may have finished while this one was parsing.
  const racedOriginal = idempotencyKey === undefined ? undefined : context.idempotency.recall(idempotencyKey);
  if (racedOriginal !== undefined) {
    answerReplay(request, racedOriginal);
    return;
  }
  const action = context.actions.create({
    actionType: params.actionType,
    // A bad file taken anyway fails as a whole once Pending is over: nothing processed, no result file.
    behaviour: problem ? { ...behaviour, outcome: 'fail' } : behaviour,
    table,
    inputSize: parts.file.bytes.byteLength,
    uploadedAt: context.clock.now(),
  });
  const body = { bulkKey: action.bulkKey, success: true };
  if (idempotencyKey !== undefined) context.idempotency.remember(idempotencyKey, body);
  context.stats.recordUpload('accepted');
  sendJson(req, res, 200, body);
}

export const postBulk: RouteHandler = async (request) => {
  try {
    await upload(request);
  } catch (error) {
    // A client that hung up was never answered: its upload is not one Zuora refused.
    request.context.stats.recordUpload(request.req.socket.destroyed ? 'abandoned' : 'refused');
    throw error;
  }
};
