'use client';

import { getSession, signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { FAILED_SIGN_IN_MESSAGE, isThrottledMessage } from '@/lib/auth/shared/sign-in-messages';

export function SignInForm({ callbackPath, initialError }: { callbackPath: string; initialError: string | null }) {
  const [error, setError] = useState(initialError);
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsSubmitting(true);
    setError(null);
    const result = await signIn('local', { email: form.get('email'), password: form.get('password'), redirect: false, callbackUrl: callbackPath });
    // Whether a session now exists decides, not next-auth's `error`, which it reads from a URL.
    if (await getSession()) {
      // A full navigation, so the server renders the page with the new session cookie.
      window.location.assign(callbackPath);
      return;
    }
    setIsSubmitting(false);
    setError(isThrottledMessage(result?.error) ? result!.error! : FAILED_SIGN_IN_MESSAGE);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <label className="flex flex-col gap-1 text-sm">
        Email
        <input name="email" type="email" autoComplete="username" required className="rounded border border-slate-300 px-2 py-1.5" />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Password
        <input name="password" type="password" autoComplete="current-password" required className="rounded border border-slate-300 px-2 py-1.5" />
      </label>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <button type="submit" disabled={isSubmitting} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-60">
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
