import type { IncomingMessage } from 'node:http';
import { isStoppable, snapshotAt } from './life-cycle';
import { describeMassAction } from './mass-action-view';
import type { MassAction } from './mass-actions';
import { requireBearer } from './oauth';
import { drainBody } from './read-body';
import { sendJson } from './respond';
import type { RouteHandler, SandboxContext } from './sandbox-context';
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
