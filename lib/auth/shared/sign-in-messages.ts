// Browser-safe: the sign-in form's words, and the one message of the server's it shows as it is.
export const FAILED_SIGN_IN_MESSAGE = 'Sign-in failed. Check your email and password.';

export function throttledMessage(waitMs: number): string {
  return `Too many failed sign-ins. Try again in ${Math.max(1, Math.ceil(waitMs / 60_000))} minute(s).`;
}

/** Whether a sign-in error is the throttle's message: anything else arrived from a URL and is not shown. */
export function isThrottledMessage(text: string | null | undefined): boolean {
  return typeof text === 'string' && /^Too many failed sign-ins\. Try again in \d+ minute\(s\)\.$/.test(text);
}
