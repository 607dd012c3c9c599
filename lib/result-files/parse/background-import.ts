import 'server-only';
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import { serverThreadBlockStore, storeLocationOf } from '../store/block-stores';
import { importCsv, type CsvImport, type CsvImportResult } from './csv-import';
import { csvStream, type CsvFileInfo, type CsvStream } from '../fetch/csv-stream';
import { asResultFileError, ResultFileError } from '../errors';
import { prepareImportThreads, takeImportThreads, type ImportThreads } from './thread-pair';
import type { ResultFileLimits } from '../fetch/limits';
import type { ResultFileFailure } from '../shared/types';

export interface ImportWorkerData {
  /** The store thread's end of the channel the blocks go through. */
  storePort: MessagePort;
}
export interface ImportJob {
  importId: number;
  owner: string;
  actionType: string | null;
}
export type ToImportWorker =
  | { type: 'job'; job: ImportJob }
  /** CSV bytes, and what is known of the file once they passed (csv-stream.ts). */
  | { type: 'chunk'; bytes: Uint8Array; downloaded: number; info: CsvFileInfo }
  /** No more chunks; what is known of the file at its end (a CSV with no bytes sent no chunk to say its name). */
  | { type: 'end'; downloaded: number; info: CsvFileInfo }
  | { type: 'fail'; failure: ResultFileFailure };
type WorkerResult = Omit<CsvImportResult, 'failure'> & { failure: ResultFileFailure | null };
export type FromImportWorker = { type: 'ready' } | { type: 'ack' } | { type: 'done'; result: WorkerResult };

type InBackground = Omit<CsvImport, 'sink' | 'csvChunks' | 'fileInfo'> & {
  db: Database;
  limits: ResultFileLimits;
  /** The zip as it arrives. */
  zipChunks: AsyncIterable<Uint8Array>;
  /** Start the threads of the next import once this one is done. */
  keepThreadsWarm?: boolean;
};

// CSV chunks sent but not yet taken by the worker (~64 KB each): enough to keep it busy, few enough to bound memory.
const MAX_CHUNKS_IN_FLIGHT = 16;
const STORE_EXIT_GRACE_MS = 5_000;

/**
 * Unzips here (zlib works on its thread pool), parses the CSV in one worker thread and stores it from
 * another, with its own connection to the database (file or server): the server's event loop stays
 * free during an import (a 500,000-row file is seconds of CPU) and parsing and storing overlap. A
 * database in memory cannot be shared with a worker: then, or when the workers cannot start, it all
 * runs here.
 */
export async function importCsvInBackground(run: InBackground, logger?: Logger): Promise<CsvImportResult> {
  const csv = csvStream(run.zipChunks, run.limits.maxUncompressedBytes);
  const here = () => importCsv({ ...run, sink: serverThreadBlockStore(run.db), csvChunks: csv.chunks, fileInfo: csv.info });
  const location = storeLocationOf(run.db);
  if (location === null) return here();
  let threads: ImportThreads;
  try {
    threads = await takeImportThreads(location);
  } catch (error) {
    logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'result file import workers did not start; importing in the server thread');
    return here();
  }
  try {
    threads.worker.postMessage({ type: 'job', job: { importId: run.importId, owner: run.owner, actionType: run.actionType } } satisfies ToImportWorker);
    return await feed(threads, csv, run);
  } finally {
    if (run.keepThreadsWarm) void prepareImportThreads(location);
  }
}

async function feed({ worker, storer }: ImportThreads, csv: CsvStream, run: InBackground): Promise<CsvImportResult> {
  let inFlight = 0;
  let onAck: (() => void) | null = null;
  let result: WorkerResult | null = null;
  let hasEnded = false;
  const ended = new Promise<void>((resolve) => {
    const end = () => {
      hasEnded = true;
      resolve();
    };
    worker.on('message', (message: FromImportWorker) => {
      if (message.type === 'ack') {
        inFlight -= 1;
        onAck?.();
      } else if (message.type === 'done') {
        result = message.result;
        end();
      }
    });
    worker.once('error', end);
    worker.once('exit', end);
    // The worker notices a store thread that died (its port closes) and ends the import; should it
    // not, it would wait for acknowledgements for ever. The grace lets a normal end's 'done' arrive.
    storer.once('exit', () => {
      setTimeout(() => {
        if (!hasEnded) void worker.terminate();
      }, STORE_EXIT_GRACE_MS);
    });
  });
  // Done, or crashed: either way it takes no more chunks.
  const isDone = () => hasEnded;
  const send = (message: ToImportWorker) => worker.postMessage(message);
  try {
    for await (const bytes of csv.chunks) {
      while (inFlight >= MAX_CHUNKS_IN_FLIGHT && !isDone()) await Promise.race([new Promise<void>((resolve) => (onAck = resolve)), ended]);
      if (isDone()) break; // the worker refused the file (or died): the rest is only downloaded for the raw copy
      inFlight += 1;
      // An exact copy, moved: posting a view would copy the whole buffer it looks into (zlib's, 64 KB).
      const chunk = new Uint8Array(bytes);
      worker.postMessage({ type: 'chunk', bytes: chunk, downloaded: run.bytesDownloaded(), info: csv.info() } satisfies ToImportWorker, [chunk.buffer]);
    }
    send({ type: 'end', downloaded: run.bytesDownloaded(), info: csv.info() });
  } catch (error) {
    send({ type: 'fail', failure: asResultFileError(error).toFailure() });
  }
  await ended;
  const outcome = result as WorkerResult | null;
  if (!outcome) return { failure: new ResultFileError('internal', 'The result file could not be imported: its worker thread stopped.', { retryable: true }), rowsImported: 0, counts: { succeeded: 0, failed: 0, not_processed: 0 } };
  const { failure } = outcome;
  return { ...outcome, failure: failure && new ResultFileError(failure.code, failure.message, { retryable: failure.retryable }) };
}
