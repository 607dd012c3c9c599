import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

// Built per request from the validated configuration, so a build needs no secrets.
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(request, context);
}

export { handler as GET, handler as POST };
