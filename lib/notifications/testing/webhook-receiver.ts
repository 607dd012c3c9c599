import 'server-only';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook receiver on 127.0.0.1 for the tests: keeps every request, answers what the test says.

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  atMs: number;
}

/** The status to answer the n-th request (1-based) with. */
export type Responder = (n: number, request: ReceivedRequest) => number;

export interface WebhookReceiver {
  /** http://127.0.0.1:<port> */
  url: string;
  received: ReceivedRequest[];
  respondWith(responder: Responder): void;
  /** Forgets what was received, and answers 200 again. */
  reset(): void;
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let responder: Responder = () => 200;
  let waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() };
      received.push(entry);
      response.statusCode = responder(received.length, entry);
      response.end('ok');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (next) => {
      responder = next;
    },
    reset: () => {
      received.length = 0;
      responder = () => 200;
    },
    waitFor: (count, timeoutMs = 5_000) => new Promise((resolve, reject) => {
      const check = () => {
        if (received.length < count) return false;
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== check);
        resolve([...received]);
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`expected ${count} webhook requests, got ${received.length} in ${timeoutMs} ms`)), timeoutMs);
      if (!check()) waiters.push(check);
    }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
