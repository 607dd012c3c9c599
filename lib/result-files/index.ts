import 'server-only';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { ResultFileImporter } from './import/importer';
import type { ResultFileLimits } from './fetch/limits';

// The result-file engine's server-side entry. Browser code imports from ./types and ./rows-query only.
//
// Import (importer.ts → import-pipeline.ts): Zuora's zip streams through download.ts (size cap, raw copy
// into raw-zip-store.ts), then, in the server's thread, through csv-stream.ts: single-csv-unzip.ts
// (fflate reads the zip, zlib inflates; one CSV, bomb cap, zip-directory.ts checks) and utf8-check.ts.
// background-import.ts hands the CSV to a pair of worker threads (thread-pair.ts): import-worker.ts
// parses it (csv-import.ts, csv-records.ts with papaparse) into row-writer.ts, which makes blocks of
// 1,000 rows (stored-block.ts); block-sink-port.ts carries them to store-worker.ts, which writes them
// through block-store.ts, the one SQLite-specific file, and counts the error groups (failure-groups.ts).
// import-records.ts tracks each import's life in result_imports.
// Queries: status.ts, counts.ts, row-queries.ts (row-index.ts and view-order.ts without search,
// search.ts and search-blocks.ts with; block-reader.ts reads the rows a page shows), error-groups.ts,
// exports.ts. memo.ts keeps what they computed for the files viewed last.

export { ResultFileImporter, type ResultFileImporterOptions, type ResultFileSource } from './import/importer';
export { ResultFileError } from './errors';
export { DEFAULT_RESULT_FILE_LIMITS, type ResultFileLimits } from './fetch/limits';
export { getResultFileStatus } from './read/status';
export { getOutcomeCounts, compareWithZuora } from './read/counts';
export { queryRows, locateRow, type ViewQuery } from './read/row-queries';
export { listErrorGroups } from './read/error-groups';
export { exportView, exportResumeFile, exportFixFile, openRawZip, type FileDownload } from './export/exports';
export type * from './shared/types';

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
