import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { recordSignIn, requestAddress } from './sign-in-events';
import { oidcProvider } from './oidc-provider';
import { verifyPassword } from './password';
import type { Role } from './shared/roles';
import { SignInThrottle } from './sign-in-throttle';

// A well-formed hash of a random password: an unknown account costs the same scrypt work as a known one.
const DUMMY_HASH = 'scrypt.16384.8.1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let cached: AuthOptions | undefined;

/** next-auth's options, built from the validated configuration on first use (not at build time). */
export function getAuthOptions(): AuthOptions {
  if (cached) return cached;
  const { auth } = getConfig();

  const localProvider = CredentialsProvider({
    id: 'local',
    name: 'Local account',
    credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
    async authorize(credentials) {
      const email = String(credentials?.email ?? '').trim().toLowerCase().slice(0, 320);
      const password = String(credentials?.password ?? '');
      const address = await requestAddress();
      const throttle = new SignInThrottle(await getDatabase(), auth.throttle);
      const waitMs = await throttle.waitBeforeAttempt(email, address);
      if (waitMs > 0) {
        await recordSignIn({ email, address, isSuccess: false, reason: 'throttled' });
        // Shown as is: the same words whether or not the account exists.
        throw new Error(`Too many failed sign-ins. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`);
      }
      const account = auth.localAccounts.find((a) => a.email === email);
      const isValid = (await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH)) && account !== undefined;
      if (!isValid || !account) {
        await throttle.recordFailure(email, address);
        await recordSignIn({ email, address, isSuccess: false, reason: 'wrong email or password' });
        return null;
      }
      await throttle.recordSuccess(email);
      await recordSignIn({ email, name: account.name, role: account.role, address, isSuccess: true, method: 'local account' });
      return { id: account.email, email: account.email, name: account.name, role: account.role };
    },
  });

  cached = {
    secret: auth.secret,
    useSecureCookies: auth.isSecure,
    session: { strategy: 'jwt', maxAge: auth.sessionMaxAgeSeconds },
    jwt: { maxAge: auth.sessionMaxAgeSeconds },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: auth.oidc ? [oidcProvider(auth.oidc, auth.roleMapping), localProvider] : [localProvider],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== 'sso') return true;
        const role = (user as { role?: Role | null }).role;
        const address = await requestAddress();
        await recordSignIn({ email: user.email ?? String(user.id), name: user.name, role, address, isSuccess: Boolean(role), method: 'single sign-on', reason: role ? undefined : 'no console role' });
        return Boolean(role && user.email);
      },
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: Role }).role ?? 'viewer';
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name ?? token.email ?? '', email: token.email ?? '', role: (token.role as Role | undefined) ?? 'viewer' } };
      },
    },
  };
  return cached;
}

export function getSsoDisplayName(): string | null {
  return getConfig().auth.oidc?.displayName ?? null;
}
