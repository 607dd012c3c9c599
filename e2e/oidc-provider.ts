// A real OpenID Connect provider on loopback for the single sign-on tests (the `oidc-provider`
// package, certified by the OpenID Foundation). Its development login form accepts any login name;
// the accounts below decide who gets which groups.
import Provider from 'oidc-provider';
import { E2E_CONSOLE_URL, E2E_OIDC_PORT, OIDC_CLIENT, SSO_ACCOUNTS } from './stack';

const issuer = `http://127.0.0.1:${E2E_OIDC_PORT}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: OIDC_CLIENT.id,
      client_secret: OIDC_CLIENT.secret,
      redirect_uris: [`${E2E_CONSOLE_URL}/api/auth/callback/sso`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  // Put the claims in the ID token, which is where next-auth reads them.
  conformIdTokenClaims: false,
  cookies: { keys: ['e2e-only-cookie-key-not-a-secret'] },
  async findAccount(_ctx, id) {
    const account = SSO_ACCOUNTS.find((a) => a.login === id);
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account?.email ?? `${id}@example.com`, email_verified: account?.emailVerified ?? true, name: account?.name ?? id, groups: account?.groups ?? [] };
      },
    };
  },
});
provider.proxy = false;
provider.listen(E2E_OIDC_PORT, '127.0.0.1', () => process.stdout.write(`oidc provider at ${issuer}\n`));
