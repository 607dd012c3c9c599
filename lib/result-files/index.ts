import 'server-only';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { ResultFileImporter } from './import/importer';
import type { ResultFileLimits } from './fetch/limits';

// The result-file engine's server-side entry. Browser code imports only from ./shared (types, and the
// view's URL state); everything else here is server-only. A result file goes through the folders in
// this order, each with a README of its own:
//
//   import/  importer.ts: one import per file, claimed in the database (single flight, takeover of a
//            dead process's import); import-pipeline.ts runs the stages below for one import.
//   fetch/   Zuora's zip in, checked CSV bytes out, in the server's thread: the capped download
//            (download.ts, limits.ts), the zip with its bomb cap and directory checks
//            (single-csv-unzip.ts, zip-directory.ts), the UTF-8 check (utf8-check.ts), csv-stream.ts.
//   parse/   CSV bytes to blocks of 1,000 rows, in a worker thread: background-import.ts hands the CSV
//            to a pair of threads (thread-pair.ts); import-worker.ts parses it (csv-import.ts,
//            csv-records.ts with papaparse) into row-writer.ts, which makes the blocks.
//   store/   what is kept in the database: the blocks (stored-block.ts), written by the store thread
//            (store-worker.ts, fed through block-sink-port.ts) through sqlite-block-store.ts or
//            postgres-block-store.ts, the only database-specific files (block-stores.ts picks one);
//            columns.ts, the error groups (failure-groups.ts), each import's record
//            (import-records.ts) and the zip as Zuora served it (raw-zip-store.ts).
//   read/    the views: status.ts, counts.ts, row-queries.ts (row-index.ts and view-order.ts without
//            search; search.ts, search-blocks.ts and row-filter.ts with), block-reader.ts for the rows
//            a page shows, error-groups.ts (by shared/message-template.ts); memo.ts keeps what they
//            computed for the files viewed last.
//   export/  exports.ts: the view, resume, fix and raw downloads.
// errors.ts is the one error type of every stage.

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
