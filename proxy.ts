import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, HSTS } from './lib/security-headers';
import { explainBadJobPath } from './lib/shared/job-path';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const PUBLIC_PAGES = ['/sign-in'];

// Runs before every page: a per-request CSP nonce (Next.js puts it on its own scripts), and a
// redirect to sign-in that keeps the exact URL, query string included. The session itself is
// verified by each page and route handler; this only spares an unsigned visitor a round trip.
// A job page whose bulk key is malformed is answered 400: a page cannot set its own status, so the
// status is set here and the page (app/mass-actions/[bulkKey]/bad-bulk-key.tsx) says what is wrong.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isHttps = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const hasSessionCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));

  if (!hasSessionCookie && !PUBLIC_PAGES.includes(pathname)) {
    const signIn = new URL('/sign-in', request.url);
    signIn.searchParams.set('callbackUrl', pathname + search);
    return withHeaders(NextResponse.redirect(signIn), null, isHttps);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, isHttps);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-request-path', pathname + search);
  const status = explainBadJobPath(pathname) ? { status: 400 } : {};
  return withHeaders(NextResponse.next({ ...status, request: { headers: requestHeaders } }), csp, isHttps);
}

function withHeaders(response: NextResponse, csp: string | null, isHttps: boolean): NextResponse {
  if (csp) response.headers.set('Content-Security-Policy', csp);
  if (isHttps) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; static files (public/: favicon.ico, icons/,
  // robots.txt) need no nonce and no sign-in.
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico|icons/|robots.txt).*)' }],
};
