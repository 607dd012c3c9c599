// Browser-safe: Zuora's upload limit, so the page can say a file is too large before sending it.
import { formatCount } from '../../shared/format';

/** POST /v1/bulk takes a file of 4 MB at most, zipped or not; read as binary megabytes, the strict reading. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

const KB = 1024;
const MB = 1024 * 1024;

/** "312 bytes", "17 KB", "4.2 MB": rounded up, so a size just over a limit never reads as the limit. */
export function formatSize(bytes: number): string {
  if (bytes < KB) return `${formatCount(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < MB) return `${formatCount(Math.ceil(bytes / KB))} KB`;
  const tenths = Math.ceil((bytes / MB) * 10) / 10;
  return `${tenths.toFixed(Number.isInteger(tenths) ? 0 : 1)} MB`;
}

/** Null when the file fits; otherwise the sentence that says by how much it does not. */
export function describeOverLimit(bytes: number, limit = MAX_UPLOAD_BYTES): string | null {
  if (bytes <= limit) return null;
  return `The file is ${formatSize(bytes)} (${formatCount(bytes)} bytes), ${formatSize(bytes - limit)} over Zuora's limit of ${formatSize(limit)} (${formatCount(limit)} bytes).`;
}
