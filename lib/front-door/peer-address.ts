// Shared by the front door, which stamps it, and lib/auth/client-address.ts, which reads it.

/** The connection's peer address, as the front door saw it; a client's own value never survives. */
export const PEER_ADDRESS_HEADER = 'x-console-peer-address';

const marker = Symbol.for('mass-action-console.front-door');

/** Called by server.ts: from now on the peer header is the front door's, not the client's. */
export function markFrontDoorActive(): void {
  (globalThis as Record<symbol, unknown>)[marker] = true;
}

/** False under `next dev` or a bare `next start`, where no front door stamps the header. */
export function isFrontDoorActive(): boolean {
  return (globalThis as Record<symbol, unknown>)[marker] === true;
}
