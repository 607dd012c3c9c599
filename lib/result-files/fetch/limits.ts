import 'server-only';

export interface ResultFileLimits {
  /** Bytes of zip accepted from Zuora. */
  maxDownloadBytes: number;
  /** Bytes of CSV accepted once unzipped: the zip-bomb guard. */
  maxUncompressedBytes: number;
}

const MiB = 1024 * 1024;

// Zuora caps uploads at 4 MB zipped (~25 MB of CSV for 500,000 rows); the result file adds the outcome
// columns. These leave a wide margin above that while refusing anything absurd.
export const DEFAULT_RESULT_FILE_LIMITS: ResultFileLimits = {
  maxDownloadBytes: 64 * MiB,
  maxUncompressedBytes: 1024 * MiB,
};

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
