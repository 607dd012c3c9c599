import 'server-only';

const FALLBACK = '/mass-actions';

/**
 * The page to return to after sign-in. Only the path, query and fragment are kept, so even an
 * absolute URL to another site lands on this one (no open redirect).
 */
export function safeCallbackPath(value: string | undefined | null): string {
  if (!value) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, 'http://console.invalid');
  } catch {
    return FALLBACK;
  }
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/api/') && !path.startsWith('/sign-in') ? path : FALLBACK;
}
