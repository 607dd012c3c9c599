'use client';

import { signIn } from 'next-auth/react';

export function SsoButton({ name, callbackPath }: { name: string; callbackPath: string }) {
  return (
    <button
      type="button"
      onClick={() => void signIn('sso', { callbackUrl: callbackPath })}
      className="w-full rounded bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800"
    >
      Sign in with {name}
    </button>
  );
}
