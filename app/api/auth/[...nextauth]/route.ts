import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { withSafeCallbackUrls } from '@/lib/auth/auth-request';
import { getAuthOptions, getConsoleUrl } from '@/lib/auth/options';

// Built per request from the validated configuration, so a build needs no secrets.
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(await withSafeCallbackUrls(request, getConsoleUrl()), context);
}

export { handler as GET, handler as POST };
