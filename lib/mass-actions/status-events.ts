import 'server-only';
import type { StatusChange, StatusRefresher } from './status-refresher';

// Server-sent events: a status change the console sees reaches every open page at once, instead of
// waiting for the page's own poll (which still brings the counts, every interval). Only status
// changes are sent, so the pages' requests grow with how often statuses change, not with counts.
// Each stream ends after a minute and the browser reconnects: a session ended meanwhile (sign-out, an
// admin) gets no further events than that, and a dead connection costs no more than that.

const STREAM_LIFETIME_MS = 60_000;
const HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 1000;

export function statusEventStream(refresher: StatusRefresher, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = refresher.onStatusChange((change: StatusChange) => send(`event: status\ndata: ${JSON.stringify(change)}\n\n`));
      const heartbeat = setInterval(() => send(': still here\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => cleanup(), STREAM_LIFETIME_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        cleanup = () => {};
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      signal.addEventListener('abort', () => cleanup());
      send(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', 'X-Accel-Buffering': 'no' },
  });
}
