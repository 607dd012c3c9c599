// Browser code's one way to call the console's own API: JSON in and out, and a failure as the
// sentence the API's error shape carries (lib/api/errors.ts).

export class ConsoleApiError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new ConsoleApiError(response.status, body?.error?.message ?? `The console answered ${response.status}.`);
  return body as T;
}
