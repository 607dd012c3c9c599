import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { safeCallbackPath } from './callback-path';
import { pruneNowAndThen } from './housekeeping';
import { oidcProvider, type SsoUser } from './oidc-provider';
import { verifyPassword } from './password';
import { throttledMessage } from './shared/sign-in-messages';
import { checkSession, endSession, openSession, SessionEnded, type SessionRules } from './sessions';
import { recordFailedSignIn, recordSignIn, requestAddress } from './sign-in-events';
import type { Role } from './shared/roles';
import { SignInThrottle } from './sign-in-throttle';
import { accountKey, typedNameForRecords } from './typed-name';

// A well-formed hash of a random password: an unknown account costs the same scrypt work as a known one.
const DUMMY_HASH = 'scrypt.16384.8.1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let cached: AuthOptions | undefined;

/** next-auth's options, built from the validated configuration on first use (not at build time). */
export function getAuthOptions(): AuthOptions {
  if (cached) return cached;
  const { auth } = getConfig();
  const rules: SessionRules = { maxAgeMs: auth.sessionMaxAgeSeconds * 1000, localAccounts: auth.localAccounts, roleMapping: auth.roleMapping };
  const logger = getLogger().child({ component: 'next-auth' });

  const localProvider = CredentialsProvider({
    id: 'local',
    name: 'Local account',
    credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
    async authorize(credentials) {
      const typed = String(credentials?.email ?? '').trim().toLowerCase().slice(0, 320);
      const password = String(credentials?.password ?? '');
      const address = await requestAddress();
      const key = accountKey(typed, auth.secret);
      const account = auth.localAccounts.find((a) => a.email === typed);
      const who = typedNameForRecords(typed, account?.email ?? null, auth.secret);
      const attempt = await new SignInThrottle(await getDatabase(), auth.throttle).begin(key, address);
      if (!attempt.isAllowed) {
        await recordFailedSignIn({ who, address, method: 'local account', reason: 'too many failed sign-ins', subject: attempt.refusedBy === 'account' ? `account:${key}` : `address:${address}` });
        // The same words whether or not the account exists.
        throw new Error(throttledMessage(attempt.waitMs));
      }
      const isValid = (await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH)) && account !== undefined;
      if (!isValid || !account) {
        await recordFailedSignIn({ who, address, method: 'local account', reason: 'wrong email or password', subject: `account:${key}` });
        return null;
      }
      await new SignInThrottle(await getDatabase(), auth.throttle).succeed(attempt.attemptId, key);
      await recordSignIn({ who: account.email, name: account.name, role: account.role, address, method: 'local account' });
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
        const sso = user as SsoUser;
        const address = await requestAddress();
        if (!sso.role) {
          await recordFailedSignIn({ who: sso.identity, name: sso.name, address, method: 'single sign-on', reason: 'no console role', subject: `sso:${sso.identity}` });
          return false;
        }
        await recordSignIn({ who: sso.identity, name: sso.name, role: sso.role, address, method: 'single sign-on' });
        return true;
      },
      async jwt({ token, user, account }) {
        const db = await getDatabase();
        if (user) {
          // Signing in: the cookie carries only the new session's id (and what next-auth itself needs).
          const sso = account?.provider === 'sso' ? (user as SsoUser) : null;
          const sid = sso
            ? await openSession(db, { identity: sso.identity, name: sso.name ?? sso.identity, method: 'sso', sso: { email: sso.verifiedEmail, groups: sso.groups } })
            : await openSession(db, { identity: String(user.email), name: user.name ?? String(user.email), method: 'local' });
          void pruneNowAndThen(db, { sessionMaxAgeMs: rules.maxAgeMs, throttleWindowMs: auth.throttle.windowMs }, (error) =>
            logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'pruning sessions and sign-in records failed'));
          return { sid };
        }
        // Every request: throwing makes next-auth drop the cookie and answer "no session".
        const live = await checkSession(db, token.sid, rules);
        return { sid: token.sid, identity: live.identity, name: live.name, role: live.role };
      },
      session({ session, token }) {
        return { ...session, user: { name: String(token.name ?? token.identity), email: String(token.identity), role: token.role as Role } };
      },
      // Never throws on a callback URL that is not one (next-auth's default would answer 500), and
      // never leaves this origin.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url)}`;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(await getDatabase(), token.sid, 'signed out');
      },
    },
    // next-auth's own messages as JSON lines; an ended session is an expected event, not an error.
    logger: {
      error(code, metadata) {
        const error = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
        if (code === 'JWT_SESSION_ERROR' && error instanceof SessionEnded) logger.info({ reason: error.reason }, 'session ended');
        else logger.error({ code, err: error instanceof Error ? error.message : error }, 'next-auth error');
      },
      warn(code) {
        logger.warn({ code }, 'next-auth warning');
      },
      debug(code) {
        logger.debug({ code }, 'next-auth debug');
      },
    },
  };
  return cached;
}

/** The console's public URL (NEXTAUTH_URL): where callback URLs may lead. */
export function getConsoleUrl(): string {
  return getConfig().auth.url;
}

/** `npm run demo` only (lib/config.ts refuses it for a real tenant). */
export function getDemoSignInAccounts(): { email: string; password: string; role: string }[] {
  return getConfig().demoSignInAccounts;
}

export function getSsoDisplayName(): string | null {
  return getConfig().auth.oidc?.displayName ?? null;
}
