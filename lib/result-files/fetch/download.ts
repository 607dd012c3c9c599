import 'server-only';
import { formatCount } from '../../shared/format';
import { ResultFileError } from '../errors';
import { formatBytes } from './limits';

/**
 * The body of Zuora's answer, read chunk by chunk under the download cap. Every chunk is handed to
 * `keep` (the raw zip store) before anyone parses it, so the zip can be kept whole even when it
 * turns out unreadable, and parsing may stop early while the rest is still drained into the store.
 */
export class ResultDownload {
  readonly declaredSize: number | null;
  private bytesRead = 0;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array> | null;

  constructor(
    response: Response,
    private readonly maxBytes: number,
    private readonly keep: (chunk: Uint8Array) => Promise<void>,
  ) {
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    this.declaredSize = Number.isFinite(declared) && response.headers.get('content-encoding') == null ? declared : null;
    if (this.declaredSize !== null && this.declaredSize > maxBytes) {
      void response.body?.cancel();
      throw this.tooLarge(this.declaredSize);
    }
    this.reader = response.body?.getReader() ?? null;
  }

  get bytes(): number {
    return this.bytesRead;
  }

  async read(): Promise<Uint8Array | null> {
    if (!this.reader) return null;
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ResultFileError('download_failed', `The download of the result file broke off after ${formatCount(this.bytesRead)} bytes (${reason}); it will be tried again.`, { retryable: true, cause });
    }
    if (result.done) return null;
    this.bytesRead += result.value.byteLength;
    if (this.bytesRead > this.maxBytes) {
      await this.cancel();
      throw this.tooLarge(null);
    }
    await this.keep(result.value);
    return result.value;
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) yield chunk;
  }

  /** Reads what is left, for the raw store only. */
  async drain(): Promise<void> {
    while ((await this.read()) !== null);
  }

  async cancel(): Promise<void> {
    await this.reader?.cancel().catch(() => undefined);
  }

  private tooLarge(size: number | null): ResultFileError {
    const what = size === null ? `more than ${formatBytes(this.maxBytes)}` : formatBytes(size);
    return new ResultFileError('download_too_large', `The result file is ${what}, over the console's download limit of ${formatBytes(this.maxBytes)}; download it from Zuora directly.`);
  }
}
