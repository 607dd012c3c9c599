import { FAILED_SIGN_IN_MESSAGE } from './sign-in-messages';

/** next-auth's error codes (in `?error=`) in words; none of them says whether an account exists. */
export function describeSignInError(code: string | undefined): string | null {
  if (!code) return null;
  if (code === 'AccessDenied') return 'Your single sign-on account is not in a group allowed to use the console. Ask an admin for access.';
  if (code.startsWith('OAuth') || code === 'Callback') return 'Single sign-on did not complete. Try again, or ask an admin if it keeps failing.';
  if (code === 'SessionRequired') return null;
  return FAILED_SIGN_IN_MESSAGE;
}
