import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDemoSignInAccounts, getSsoDisplayName } from '@/lib/auth/options';
import { getUser } from '@/lib/auth/session';
import { EnvironmentBanner } from '@/components/environment-banner';
import { getEnvironmentInfo } from '@/lib/environment';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { describeSignInError } from './sign-in-errors';
import { SignInForm } from './sign-in-form';
import { DemoAccounts } from './demo-accounts';
import { SsoButton } from './sso-button';

export const metadata: Metadata = { title: 'Sign in · Mass Action Console' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeCallbackPath(callbackUrl);
  if (await getUser()) redirect(returnTo);
  const ssoName = getSsoDisplayName();
  return (
    <>
    <EnvironmentBanner environment={getEnvironmentInfo()} />
    <main className="mx-auto mt-24 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">Sign in to the Mass Action Console</h1>
      {ssoName && (
        <>
          <SsoButton name={ssoName} callbackPath={returnTo} />
          <p className="my-4 text-center text-xs uppercase text-slate-500">or with a local account</p>
        </>
      )}
      <SignInForm callbackPath={returnTo} initialError={describeSignInError(error)} />
      <DemoAccounts accounts={getDemoSignInAccounts()} />
    </main>
    </>
  );
}
