import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getConfig } from '../config';
import { getLogger } from '../log';
import { verifyPassword } from './password';
import type { Role } from './roles';

// A well-formed hash of a random password: an unknown account costs the same scrypt work as a known one.
const DUMMY_HASH = 'scrypt.16384.8.1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let cached: AuthOptions | undefined;

/** next-auth's options, built from the validated configuration on first use (not at build time). */
export function getAuthOptions(): AuthOptions {
  if (cached) return cached;
  const { auth } = getConfig();
  cached = {
    secret: auth.secret,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        id: 'local',
        name: 'Local account',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials) {
          const email = String(credentials?.email ?? '').trim().toLowerCase();
          const password = String(credentials?.password ?? '');
          const account = auth.localAccounts.find((a) => a.email === email);
          const isValid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
          getLogger().info({ auth: { event: isValid && account ? 'sign-in' : 'sign-in-failed', email } }, 'local sign-in');
          if (!account || !isValid) return null;
          return { id: account.email, email: account.email, name: account.name, role: account.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: Role }).role ?? 'viewer';
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name ?? '', email: token.email ?? '', role: (token.role as Role | undefined) ?? 'viewer' } };
      },
    },
  };
  return cached;
}
