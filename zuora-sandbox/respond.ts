import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZuoraError, CATEGORY, RESOURCE, errorBody, errorCode } from './zuora-errors';

// Zuora gzips only these MIME types, and only bodies over 1,000 bytes.
const GZIP_TYPES = ['application/json', 'application/xml', 'text/html', 'text/csv', 'text/plain'];
const GZIP_THRESHOLD_BYTES = 1000;

function acceptsGzip(req: IncomingMessage): boolean {
  const accepted = req.headers['accept-encoding'];
  return typeof accepted === 'string' && /\bgzip\b/i.test(accepted);
}

// Answers held back by the slowAnswer fault, and answers already on their way (sent or waiting).
const answerDelays = new WeakMap<ServerResponse, number>();
const answered = new WeakSet<ServerResponse>();

/** Holds this response's answer back for `ms` once it is ready: the work is done, the client waits. */
export function delayAnswer(res: ServerResponse, ms: number): void {
  answerDelays.set(res, ms);
}

export function sendBytes(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed || answered.has(res)) return;
  answered.add(res);
  let payload = body;
  const mime = contentType.split(';')[0]?.trim() ?? '';
  if (acceptsGzip(req) && body.byteLength > GZIP_THRESHOLD_BYTES && GZIP_TYPES.includes(mime)) {
    payload = gzipSync(body);
    res.setHeader('Content-Encoding', 'gzip');
  }
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(payload.byteLength));
  const send = () => {
    res.writeHead(status);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };
  const delayMs = answerDelays.get(res);
  if (delayMs === undefined || delayMs === 0) {
    send();
    return;
  }
  setTimeout(() => {
    // A client that gave up while the answer waited has closed its socket: nobody is left to tell.
    if (!res.destroyed && res.socket?.destroyed === false) send();
  }, delayMs).unref();
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendBytes(req, res, status, Buffer.from(JSON.stringify(body)), 'application/json; charset=utf-8', headers);
}

/** Answers an expected ZuoraError as Zuora would; anything else is our bug: a 500, category 60. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (error instanceof ZuoraError) {
    sendJson(req, res, error.status, error.body, error.headers);
    return;
  }
  // Only the message: request bodies and headers may carry secrets.
  console.error(`[zuora-sandbox] unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  sendJson(req, res, 500, errorBody(errorCode(RESOURCE.unknown, CATEGORY.internal), 'An internal error occurred. Please retry.'));
}
