import 'server-only';
import { cookies } from 'next/headers';
import { NextRequest } from 'next/server';
import { safeCallbackPath } from './callback-path';

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

/**
 * next-auth answers 500 when the callback URL in the query or its cookie is not an http(s) URL (and
 * writes a stack trace). Before it runs, both are made safe: the query's becomes this origin's safe
 * path (lib/auth/callback-path.ts), and a cookie that is not one is deleted.
 */
export async function withSafeCallbackUrls(request: NextRequest, consoleUrl: string): Promise<NextRequest> {
  const { origin } = new URL(consoleUrl);
  const jar = await cookies();
  for (const name of CALLBACK_COOKIES) {
    const value = jar.get(name)?.value;
    if (value !== undefined && !isSafeCallbackUrl(value, origin)) jar.delete(name);
  }
  const param = request.nextUrl.searchParams.get('callbackUrl');
  if (param === null || isSafeCallbackUrl(param, origin)) return request;
  const url = new URL(request.nextUrl);
  url.searchParams.set('callbackUrl', `${origin}${safeCallbackPath(param)}`);
  return new NextRequest(url, request);
}

/** A path of this console, or an absolute URL to one, that callback-path.ts leaves as it is. */
function isSafeCallbackUrl(value: string, origin: string): boolean {
  const path = value.startsWith(`${origin}/`) ? value.slice(origin.length) : value;
  return path.startsWith('/') && safeCallbackPath(path) === path;
}
