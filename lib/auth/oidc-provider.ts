import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { OidcConfig } from '../config';
import { roleForProfile, type RoleMapping } from './role-mapping';
import type { Role } from './shared/roles';

interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

/** The user next-auth hands the callbacks after single sign-on (options.ts). */
export interface SsoUser {
  id: string;
  /** Who the audit trail and the session name: the verified email, or `sso:<subject>`. */
  identity: string;
  email: string | null;
  verifiedEmail: string | null;
  name: string | null;
  role: Role | null;
  groups: string[];
}

/**
 * The email the provider vouches for, or null. A provider that says `email_verified: false` lets
 * users type any address, so such an email grants no role and names no one. A provider that does not
 * send the claim at all (Entra ID, for one) is trusted to send only addresses it manages.
 */
export function verifiedEmailOf(profile: OidcProfile): string | null {
  const email = typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : '';
  const verified = profile.email_verified;
  if (!email || verified === false || verified === 'false') return null;
  return email;
}

export function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  const value = profile[claim];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Any OpenID Connect provider (Okta, Entra ID, Google Workspace, Keycloak…) found by discovery. */
export function oidcProvider(oidc: OidcConfig, mapping: RoleMapping): OAuthConfig<OidcProfile> {
  return {
    id: 'sso',
    name: oidc.displayName,
    type: 'oauth',
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: oidc.scopes } },
    idToken: true,
    checks: ['pkce', 'state'],
    profile(profile): SsoUser {
      const verifiedEmail = verifiedEmailOf(profile);
      const groups = groupsOf(profile, mapping.claim);
      const identity = verifiedEmail ?? `sso:${profile.sub}`;
      return {
        id: profile.sub,
        identity,
        email: verifiedEmail,
        verifiedEmail,
        name: profile.name ?? profile.preferred_username ?? identity,
        role: roleForProfile({ email: verifiedEmail ?? undefined, [mapping.claim]: groups }, mapping),
        groups,
      };
    },
  };
}
