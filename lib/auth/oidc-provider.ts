import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { OidcConfig } from '../config';
import { roleForProfile, type RoleMapping } from './role-mapping';
import type { Role } from './shared/roles';

interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
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
    profile(profile) {
      const email = (profile.email ?? '').toLowerCase();
      return {
        id: profile.sub,
        email,
        name: profile.name ?? profile.preferred_username ?? email,
        role: roleForProfile(profile, mapping) as Role | null,
      };
    },
  };
}
