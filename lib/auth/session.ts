import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { ApiError } from '../api/errors';
import { getAuthOptions } from './options';
import { hasRole, type Role } from './shared/roles';

export interface User {
  email: string;
  name: string;
  role: Role;
}

export async function getUser(): Promise<User | null> {
  // Per request, never at build time: the configuration (and so the auth secret) is read at run time.
  await connection();
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as Partial<User> | undefined;
  return user?.email ? { email: user.email, name: user.name || user.email, role: user.role ?? 'viewer' } : null;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to this exact URL. */
export async function requirePageUser(role: Role = 'viewer'): Promise<User> {
  const user = await getUser();
  if (!user) {
    // proxy.ts passes the path and query string of the page being rendered.
    const returnTo = (await headers()).get('x-request-path') ?? '/mass-actions';
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/** For route handlers: 401 without a session, 403 without the role. */
export async function requireApiUser(role: Role = 'viewer'): Promise<User> {
  const user = await getUser();
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to use the console.');
  if (!hasRole(user.role, role)) throw new ApiError(403, 'forbidden', `This needs the ${role} role; you are signed in as ${user.role}.`);
  return user;
}
