import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getUser } from '@/lib/auth/session';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Mass Action Console' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeCallbackPath(callbackUrl);
  if (await getUser()) redirect(returnTo);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">Sign in to the Mass Action Console</h1>
      <SignInForm callbackPath={returnTo} initialError={error ? 'Sign-in failed. Check your email and password.' : null} />
    </main>
  );
}
