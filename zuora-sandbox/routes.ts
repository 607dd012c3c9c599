import { getBulk, stopBulk } from './bulk-routes';
import { postBulk } from './bulk-upload';
import { getFile } from './file-routes';
import { handleTokenRequest } from './oauth';
import type { RouteHandler } from './sandbox-context';
import { ZuoraError, CATEGORY, RESOURCE, errorBody, errorCode } from './zuora-errors';

export interface Route {
  method: string;
  /** e.g. /v1/bulk/{bulk-key}: also the name requests are counted under */
  template: string;
  handle: RouteHandler;
}

const postToken: RouteHandler = async ({ req, res, context }) => {
  const failure = context.faults.takeTokenFault();
  if (failure === 401) {
    throw new ZuoraError(401, RESOURCE.authentication, CATEGORY.authentication, 'Failed to get user info', {
      body: { message: 'Failed to get user info' },
    });
  }
  if (failure === 500) throw new ZuoraError(500, RESOURCE.authentication, CATEGORY.internal, 'Internal Server Error');
  await handleTokenRequest(req, res, context.credentials, context.tokens);
};

export const ROUTES: Route[] = [
  { method: 'POST', template: '/oauth/token', handle: postToken },
  { method: 'POST', template: '/v1/bulk', handle: postBulk },
  { method: 'GET', template: '/v1/bulk/{bulk-key}', handle: getBulk },
  { method: 'PUT', template: '/v1/bulk/{bulk-key}/stop', handle: stopBulk },
  { method: 'GET', template: '/v1/files/{file-id}', handle: getFile },
];

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  names.forEach((name, index) => {
    const raw = match[index + 1] ?? '';
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return params;
}

export type RouteMatch = { route: Route; params: Record<string, string> };

/** The route for a request, or the ZuoraError Zuora answers: 404 for no such path, 405 for a wrong method. */
export function matchRoute(method: string, path: string): RouteMatch {
  const candidates = ROUTES.flatMap((route) => {
    const params = matchTemplate(route.template, path);
    return params ? [{ route, params }] : [];
  });
  const exact = candidates.find((candidate) => candidate.route.method === method);
  if (exact) return exact;
  if (candidates.length > 0) {
    const allowed = candidates.map((candidate) => candidate.route.method).join(', ');
    throw new ZuoraError(405, RESOURCE.unknown, CATEGORY.unsupportedMethod, `The method ${method} is not supported by ${path}.`, {
      headers: { Allow: allowed },
    });
  }
  throw new ZuoraError(404, RESOURCE.unknown, CATEGORY.notFound, `No HTTP resource was found that matches the request URI ${path}.`);
}

/** The body of a /v1 call the faults API turned into a 5xx: category 60 for 500, 61 (temporary) otherwise. */
export function serverErrorBody(status: number): unknown {
  return status === 500
    ? errorBody(errorCode(RESOURCE.unknown, CATEGORY.internal), 'An internal error occurred. Please retry.')
    : errorBody(errorCode(RESOURCE.unknown, CATEGORY.temporary), 'The service is temporarily unavailable. Please retry.');
}
