import 'server-only';
import { isFrontDoorActive, PEER_ADDRESS_HEADER } from '../front-door/peer-address';

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? (value.at(-1) ?? null) : (value ?? null);
}

/**
 * The client's address for throttling and the audit trail; never empty, so "no address" is no way
 * around a limit. With no trusted proxy it is the connection's peer, whatever the headers say. Each
 * trusted proxy appends the address it was reached from to X-Forwarded-For, so with N of them the
 * client is the Nth entry from the right; anything further left is the client's own claim. When
 * fewer entries arrived than proxies are configured, the leftmost one is the best left.
 */
export function clientAddress(headers: HeaderSource, trustedProxyHops: number, isBehindFrontDoor = isFrontDoorActive()): string {
  const forwarded = (header(headers, 'x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Without the front door (next dev), Next.js put the peer in X-Forwarded-For only if the client did not.
  const peer = (isBehindFrontDoor ? header(headers, PEER_ADDRESS_HEADER) : forwarded.pop()) || 'unknown';
  if (trustedProxyHops === 0) return peer;
  return forwarded[Math.max(0, forwarded.length - trustedProxyHops)] ?? peer;
}
