import 'server-only';
import { getConfig } from '../config';
import { ApiError } from './api-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State-changing requests only from the console's own pages, on top of next-auth's CSRF token and
 * SameSite=Lax cookies: the browser's Sec-Fetch-Site, else its Origin, must say this origin.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const consoleOrigin = new URL(getConfig().auth.url).origin;
  const isSameOrigin = fetchSite ? fetchSite === 'same-origin' && (!origin || origin === consoleOrigin) : origin === consoleOrigin;
  if (!isSameOrigin) {
    throw new ApiError(403, 'cross_origin', "This change must be made from the console's own pages.");
  }
}
