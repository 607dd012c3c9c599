import { describe, expect, it } from 'vitest';
import { oidcProvider, verifiedEmailOf } from './oidc-provider';

const provider = oidcProvider(
  { issuer: 'http://127.0.0.1:4120', clientId: 'c', clientSecret: 's', displayName: 'SSO', scopes: 'openid email' },
  { claim: 'groups', groups: { viewer: [], operator: ['billing-ops'], admin: [] }, emails: { viewer: [], operator: [], admin: ['boss@example.com'] } },
);
const profileOf = (claims: Record<string, unknown>) => provider.profile!({ sub: 'subject-1', ...claims } as never, {} as never);

describe('single sign-on profiles', () => {
  it('an email the provider marks unverified grants no role and names no one', async () => {
    const user = await profileOf({ email: 'boss@example.com', email_verified: false, name: 'Mallory' });
    expect(user).toMatchObject({ identity: 'sso:subject-1', email: null, role: null });
    expect(verifiedEmailOf({ sub: 'x', email: 'boss@example.com', email_verified: 'false' })).toBeNull();
  });

  it('a verified email, or one from a provider that omits the claim, is trusted', async () => {
    expect(await profileOf({ email: 'Boss@Example.com', email_verified: true })).toMatchObject({ identity: 'boss@example.com', role: 'admin' });
    expect(await profileOf({ email: 'boss@example.com' })).toMatchObject({ identity: 'boss@example.com', role: 'admin' });
  });

  it('groups still grant their role to a user whose email is unverified', async () => {
    expect(await profileOf({ email: 'sam@example.com', email_verified: false, groups: ['billing-ops'] })).toMatchObject({ identity: 'sso:subject-1', role: 'operator', groups: ['billing-ops'] });
  });
});
