import path from 'node:path';

export const E2E_CONSOLE_PORT = 3100;
export const E2E_SANDBOX_PORT = 4110;
export const E2E_CONSOLE_URL = `http://127.0.0.1:${E2E_CONSOLE_PORT}`;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;

export const AUTH_DIR = path.join('test-results', '.auth');
export const storageStateFor = (role: 'operator' | 'viewer' | 'admin') => path.join(AUTH_DIR, `${role}.json`);

export const E2E_OIDC_PORT = 4120;
export const OIDC_CLIENT = { id: 'mass-action-console', secret: 'e2e-oidc-client-secret' };

/** Who the test identity provider knows, and the groups the console maps to roles. */
export const SSO_ACCOUNTS: { login: string; name: string; groups: string[]; email?: string; emailVerified?: boolean }[] = [
  { login: 'sso-operator', name: 'Sam Operator', groups: ['billing-ops'] },
  { login: 'sso-viewer', name: 'Val Viewer', groups: ['billing-readers'] },
  { login: 'sso-stranger', name: 'Stan Stranger', groups: ['marketing'] },
  // Claims an admin's address the provider never verified (a self-service sign-up, say).
  { login: 'sso-impostor', name: 'Ivy Impostor', groups: ['marketing'], email: 'sso-admin@example.com', emailVerified: false },
  { login: 'sso-unverified-operator', name: 'Uma Unverified', groups: ['billing-ops'], email: 'sso-admin@example.com', emailVerified: false },
];

/** The console's single sign-on configuration for the e2e run. */
export const E2E_SSO_ENV = {
  OIDC_ISSUER: `http://127.0.0.1:${E2E_OIDC_PORT}`,
  OIDC_CLIENT_ID: OIDC_CLIENT.id,
  OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
  OIDC_DISPLAY_NAME: 'Example SSO',
  OIDC_SCOPES: 'openid email profile groups',
  OIDC_OPERATOR_GROUPS: 'billing-ops',
  OIDC_VIEWER_GROUPS: 'billing-readers',
  ADMIN_EMAILS: 'sso-admin@example.com',
};
