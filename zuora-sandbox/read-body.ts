import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

// Forms and control JSON are tiny; anything bigger is garbage and is drained, not buffered.
const SMALL_BODY_LIMIT_BYTES = 64 * 1024;

/** The request body, gunzipped when the client sent Content-Encoding: gzip (Zuora accepts that). */
export function decodedBody(req: IncomingMessage): Readable {
  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'gzip') {
    const gunzip = createGunzip();
    req.pipe(gunzip);
    return gunzip;
  }
  return req;
}

export async function readSmallBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of decodedBody(req)) {
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > SMALL_BODY_LIMIT_BYTES) tooLarge = true;
      else chunks.push(buffer);
    }
  } catch {
    throw new ZuoraError(400, RESOURCE.unknown, CATEGORY.malformed, 'The request body could not be read (bad gzip encoding?).');
  }
  if (tooLarge) {
    throw new ZuoraError(413, RESOURCE.unknown, CATEGORY.invalidValue, `The request body exceeds ${SMALL_BODY_LIMIT_BYTES} bytes.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and discards whatever is left of a request we answer without needing its body. */
export async function drainBody(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  req.resume();
  await new Promise<void>((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', () => resolve());
  });
}
