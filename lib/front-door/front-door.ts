import type { IncomingMessage, ServerResponse } from 'node:http';
import { PEER_ADDRESS_HEADER } from './peer-address';
import { refuse, type Refusal } from './refusals';

/**
 * The most a request body may hold. The console's bodies are small: a sign-in form, a stop reason,
 * a few hundred pasted bulk keys (~35 bytes each). next-auth and route handlers read bodies whole,
 * so the cap is what bounds the memory an anonymous request can take.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * The one route that takes a file: an upload to start a mass action (Zuora takes 4 MB per file), with
 * room for the multipart form around it. Only POST, only this path: every other body keeps the 1 MiB cap.
 */
export const UPLOAD_PATH = '/api/uploads';
export const MAX_UPLOAD_BODY_BYTES = 4 * 1024 * 1024 + 256 * 1024;

export function maxBodyBytesFor(method: string | undefined, path: string): number {
  return method === 'POST' && path === UPLOAD_PATH ? MAX_UPLOAD_BODY_BYTES : MAX_REQUEST_BODY_BYTES;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Wraps Next.js's request handler (see README.md): peer address, body cap, malformed paths. */
export function frontDoor(handle: Handler, onRefusal?: (req: IncomingMessage, refusal: Refusal) => void): Handler {
  return (req, res) => {
    const path = pathOf(req.url ?? '/');
    const refusal = refusalFor(req, path);
    if (refusal) {
      onRefusal?.(req, refusal);
      refuse(res, path, refusal);
      return;
    }
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
    return handle(req, res);
  };
}

function refusalFor(req: IncomingMessage, path: string): Refusal | null {
  try {
    decodeURIComponent(path);
  } catch {
    return { status: 400, code: 'bad_request', message: 'The address holds a malformed percent-encoding (a % not followed by valid UTF-8 in hex).' };
  }
  const declared = req.headers['content-length'];
  if (declared === undefined) {
    // Node.js reads a body only when its length is declared or it is chunked: refusing chunked
    // bodies leaves the declared length, which Node.js enforces, as the only way in.
    if (req.headers['transfer-encoding'] !== undefined) return { status: 411, code: 'length_required', message: 'A request body must declare its length (Content-Length).' };
    return null;
  }
  const cap = maxBodyBytesFor(req.method, path);
  if (Number(declared) > cap) {
    const limit = cap === MAX_REQUEST_BODY_BYTES ? `${cap / 1024} KB` : `${(cap / 1024 / 1024).toFixed(2)} MB (a 4 MB file and its form)`;
    return { status: 413, code: 'body_too_large', message: `The request body is over the console's limit of ${limit}.` };
  }
  return null;
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
