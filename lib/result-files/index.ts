import 'server-only';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { ResultFileImporter } from './importer';
import type { ResultFileLimits } from './limits';

// The result-file engine's server-side entry. Browser code imports from ./types and ./rows-query only.
//
// Import (importer.ts → import-pipeline.ts): Zuora's zip streams through download.ts (size cap, raw copy
// into raw-zip-store.ts), then, in a worker thread (import-thread.ts → import-worker.ts → csv-import.ts),
// through single-csv-unzip.ts (fflate; one CSV, bomb cap, zip-directory.ts checks), utf8-check.ts and
// csv-records.ts (papaparse) into row-writer.ts, which commits batches of rows (result_rows) and their
// search text (result_search_blocks) through bulk-insert.ts, the one SQLite-specific file, then counts
// the error groups; import-records.ts tracks each import's life in result_imports.
// Queries: status.ts, counts.ts, row-queries.ts (view-order.ts without search, search.ts with),
// error-groups.ts, exports.ts.

export { ResultFileImporter, type ResultFileImporterOptions, type ResultFileSource } from './importer';
export { ResultFileError } from './errors';
export { DEFAULT_RESULT_FILE_LIMITS, type ResultFileLimits } from './limits';
export { getResultFileStatus } from './status';
export { getOutcomeCounts, compareWithZuora } from './counts';
export { queryRows, locateRow, type ViewQuery } from './row-queries';
export { listErrorGroups } from './error-groups';
export { exportView, exportResumeFile, exportFixFile, openRawZip, type FileDownload } from './exports';
export type * from './types';

const globalForImporter = globalThis as unknown as { resultFileImporter?: ResultFileImporter };

/** One importer per server process, so its single flight covers every request. */
export function getResultFileImporter(limits?: Partial<ResultFileLimits>): ResultFileImporter {
  if (!globalForImporter.resultFileImporter) {
    const logger = getLogger().child({ component: 'result-files' });
    globalForImporter.resultFileImporter = new ResultFileImporter({ db: getDatabase, zuora: getZuoraClient(), limits, logger, keepThreadsWarm: true });
    globalForImporter.resultFileImporter.warmUp().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'result file import threads could not be started ahead'));
  }
  return globalForImporter.resultFileImporter;
}
