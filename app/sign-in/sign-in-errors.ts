/**
 * next-auth's error codes (in `?error=` after single sign-on) in words; none of them says whether an
 * account exists. Anything else in the URL is not ours and is not shown.
 */
export function describeSignInError(code: string | undefined): string | null {
  if (code === 'AccessDenied') return 'Your single sign-on account is not in a group allowed to use the console. Ask an admin for access.';
  if (code?.startsWith('OAuth') || code === 'Callback' || code === 'Configuration' || code === 'Default') return 'Single sign-on did not complete. Try again, or ask an admin if it keeps failing.';
  return null;
}
