// Browser code's one way to call the console's own API: JSON out, JSON (or a FormData upload) in,
// and a failure as the sentence the API's error shape carries (lib/api/errors.ts).

export class ConsoleApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    /** The error shape's `code` (`zuora_refused`, `overlap_unconfirmed`…); null when the answer had none. */
    public readonly code: string | null = null,
    /** The answer's parsed body, for the few answers that say more than the error shape (the upload check's 422). */
    public readonly body: unknown = null,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  // Only a string body is JSON: a FormData body must let the browser write its multipart type and boundary.
  const isJsonBody = typeof init?.body === 'string';
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(isJsonBody ? { 'content-type': 'application/json' } : {}), ...init?.headers } });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) throw new ConsoleApiError(response.status, body?.error?.message ?? `The console answered ${response.status}.`, body?.error?.code ?? null, body);
  return body as T;
}
