import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';
import { decodedBody, drainBody } from './read-body';

export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024; // Zuora's Mass Updater limit

export interface UploadParts {
  file: { name: string; bytes: Uint8Array } | null;
  fileTooLarge: boolean;
  params: string | null;
}

function malformed(message: string): ZuoraError {
  return new ZuoraError(400, RESOURCE.bulkRequest, CATEGORY.malformed, message);
}

/** Reads the multipart parts `file` and `params` of POST /v1/bulk; other parts are ignored. */
export async function readUploadParts(req: IncomingMessage): Promise<UploadParts> {
  // A client that hung up while the call waited (latencyMs) left a destroyed body that never ends.
  if (req.destroyed) throw malformed('The client closed the connection before its upload was read.');
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 } });
  } catch {
    await drainBody(req);
    throw malformed('The request must be multipart/form-data with the parts file and params.');
  }
  const parts: UploadParts = { file: null, fileTooLarge: false, params: null };
  await new Promise<void>((resolve, reject) => {
    const body = decodedBody(req);
    const fail = (message: string) => {
      // Stop parsing but keep reading, so the client gets our answer rather than a reset socket.
      body.unpipe(parser);
      req.unpipe();
      req.resume();
      reject(malformed(message));
    };
    parser.on('file', (name, stream, info) => {
      // A cut-off body errors the part's stream too; unhandled, that would crash the process.
      stream.on('error', (error: Error) => fail(`The multipart body could not be read: ${error.message}`));
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        parts.fileTooLarge = true;
      });
      stream.on('end', () => {
        parts.file = { name: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('field', (name, value) => {
      if (name === 'params') parts.params = value;
    });
    parser.on('close', () => resolve());
    parser.on('error', (error: Error) => fail(`The multipart body could not be read: ${error.message}`));
    body.on('error', () => fail('The request body could not be read (bad gzip encoding?).'));
    body.pipe(parser);
  });
  return parts;
}
