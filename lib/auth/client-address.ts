import 'server-only';

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? (value.at(-1) ?? null) : (value ?? null);
}

/**
 * The client's address for throttling and the audit trail. Next.js appends the socket's peer to
 * X-Forwarded-For, so the last entry is trustworthy; each configured proxy hop in front of the
 * console adds one more trustworthy entry from the right. Anything further left is client-supplied.
 */
export function clientAddress(headers: HeaderSource, trustedProxyHops: number): string | null {
  const chain = (header(headers, 'x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return header(headers, 'x-real-ip');
  return chain[Math.max(0, chain.length - 1 - trustedProxyHops)] ?? null;
}
