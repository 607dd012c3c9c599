import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBehaviourHeader, resolveBehaviour, BEHAVIOUR_HEADER } from './behaviour';
import { readBulkParams } from './bulk-params';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import { isStoppable, snapshotAt } from './life-cycle';
import { describeMassAction } from './mass-action-view';
import type { MassAction } from './mass-actions';
import { requireBearer } from './oauth';
import { drainBody } from './read-body';
import { sendJson } from './respond';
import type { RouteHandler, SandboxContext } from './sandbox-context';
import { readUploadParts, MAX_UPLOAD_BYTES } from './upload-request';
import { readUploadedTable } from './uploaded-table';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

const BULK_KEY = /^[A-Za-z0-9]{32}$/;

/** A key of the wrong shape is a 400 (invalid value); a well-formed unknown key is a 404. */
function findAction(context: SandboxContext, bulkKey: string): MassAction {
  if (!BULK_KEY.test(bulkKey)) {
    throw new ZuoraError(400, RESOURCE.unknown, CATEGORY.invalidValue, `Invalid bulk key '${bulkKey.slice(0, 64)}': it must be 32 alphanumeric characters.`);
  }
  const action = context.actions.get(bulkKey);
  if (!action) throw new ZuoraError(404, RESOURCE.unknown, CATEGORY.notFound, `The mass action ${bulkKey} does not exist.`);
  return action;
}

/** Where outputURL points: the host the client called, unless the foreign-URL fault is on. */
function fileBaseUrl(req: IncomingMessage, context: SandboxContext): string {
  if (context.faults.current().foreignOutputUrl) return 'https://files.example.net';
  const host = req.headers.host;
  return host && /^[\w.\-:[\]]+$/.test(host) ? `http://${host}` : context.baseUrl;
}

function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ZuoraError(400, RESOURCE.bulkRequest, CATEGORY.invalidValue, `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
  }
  return key;
}

export const postBulk: RouteHandler = async ({ req, res, context }) => {
  requireBearer(req, context.tokens);
  const idempotencyKey = idempotencyKeyOf(req);
  const replay = idempotencyKey === undefined ? undefined : context.idempotency.recall(idempotencyKey);
  if (replay !== undefined) {
    await drainBody(req);
    sendJson(req, res, 409, replay);
    return;
  }
  const behaviour = resolveBehaviour(context.defaultBehaviour, readBehaviourHeader(req.headers[BEHAVIOUR_HEADER]));
  const parts = await readUploadParts(req);
  if (parts.fileTooLarge) {
    throw new ZuoraError(400, RESOURCE.bulkFile, CATEGORY.invalidValue, `The file exceeds the maximum size of ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  }
  if (parts.file === null) throw new ZuoraError(400, RESOURCE.bulkFile, CATEGORY.missingField, "Missing required field 'file'.");
  const params = readBulkParams(parts.params);
  if (params.checksum !== undefined && params.checksum !== createHash('md5').update(parts.file.bytes).digest('hex')) {
    throw new ZuoraError(400, RESOURCE.bulkFile, CATEGORY.invalidValue, 'The checksum does not match the uploaded file.');
  }
  const table = readUploadedTable(parts.file.name, parts.file.bytes);
  // A concurrent request with the same key may have finished while this one was parsing.
  const racedReplay = idempotencyKey === undefined ? undefined : context.idempotency.recall(idempotencyKey);
  if (racedReplay !== undefined) {
    sendJson(req, res, 409, racedReplay);
    return;
  }
  const action = context.actions.create({
    actionType: params.actionType,
    behaviour,
    table,
    inputSize: parts.file.bytes.byteLength,
    uploadedAt: context.clock.now(),
  });
  const body = { bulkKey: action.bulkKey, success: true };
  if (idempotencyKey !== undefined) context.idempotency.remember(idempotencyKey, body);
  sendJson(req, res, 200, body);
};

export const getBulk: RouteHandler = async ({ req, res, context, params }) => {
  requireBearer(req, context.tokens);
  const action = findAction(context, params['bulk-key'] ?? '');
  sendJson(req, res, 200, describeMassAction(action, context.clock.now(), fileBaseUrl(req, context)));
};

export const stopBulk: RouteHandler = async ({ req, res, context, params }) => {
  requireBearer(req, context.tokens);
  const action = findAction(context, params['bulk-key'] ?? '');
  const now = context.clock.now();
  const { status } = snapshotAt(action, now);
  if (!isStoppable(status)) {
    // Zuora's exact answer here is unconfirmed (a 4xx, or 200 with success:false); this is one plausible form.
    throw new ZuoraError(400, RESOURCE.unknown, CATEGORY.businessRule, `The mass action cannot be stopped because its status is ${status}.`);
  }
  action.stopRequestedAt = now;
  await drainBody(req);
  sendJson(req, res, 200, { success: true });
};
