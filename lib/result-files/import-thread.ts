import 'server-only';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import { sqliteConnectionOf, type Database } from '../db/database';
import { BlockStore, type Exclusive } from './block-store';
import type { FromStoreThread } from './block-sink-port';
import { importCsv, type CsvImport, type CsvImportResult } from './csv-import';
import { asResultFileError, ResultFileError } from './errors';
import type { ResultFileLimits } from './limits';
import type { ResultFileFailure } from './types';

export interface ImportWorkerData {
  /** The store thread's end of the channel the blocks go through. */
  storePort: MessagePort;
  importId: number;
  owner: string;
  actionType: string | null;
  limits: ResultFileLimits;
}
export type ToImportWorker = { type: 'chunk'; bytes: Uint8Array; downloaded: number } | { type: 'end' } | { type: 'fail'; failure: ResultFileFailure };
type WorkerResult = Omit<CsvImportResult, 'failure'> & { failure: ResultFileFailure | null };
export type FromImportWorker = { type: 'ready' } | { type: 'ack' } | { type: 'done'; result: WorkerResult };

type InBackground = Omit<CsvImport, 'sink'> & { db: Database };

// Chunks sent but not yet taken by the worker: enough to keep it busy, few enough to bound memory.
const MAX_CHUNKS_IN_FLIGHT = 4;

/**
 * Parses the CSV in one worker thread and stores it from another, with its own connection to the
 * database file, so the server's event loop stays free during an import (a 500,000-row file is
 * seconds of CPU) and parsing and storing overlap. A database in memory cannot be shared with a
 * worker: then, or when the workers cannot start, it all runs here.
 */
export async function importCsvInBackground(run: InBackground, logger?: Logger): Promise<CsvImportResult> {
  const sqlite = sqliteConnectionOf(run.db);
  if (!sqlite) throw new Error('The result-file import needs the SQLite database of lib/db/database.ts.');
  const here = () => importCsv({ ...run, sink: new BlockStore(sqlite, inKysely(run.db)) });
  if (sqlite.memory) return here();
  const channel = new MessageChannel();
  const storer = startWorker('store-worker.ts', { dbFile: path.resolve(sqlite.name), port: channel.port2 }, [channel.port2]);
  const data: ImportWorkerData = { storePort: channel.port1, importId: run.importId, owner: run.owner, actionType: run.actionType, limits: run.limits };
  const worker = startWorker('import-worker.ts', data, [channel.port1]);
  try {
    const [first, stored] = await Promise.all([nextMessage(worker), nextMessage(storer)]);
    if (first.type !== 'ready' || stored.type !== 'ready') throw new Error(`unexpected first messages ${first.type}, ${stored.type}`);
  } catch (error) {
    logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'result file import workers did not start; importing in the server thread');
    void worker.terminate();
    void storer.terminate();
    return here();
  }
  return feed(worker, run);
}

/** Kysely's hold on the shared connection: no transaction of its own can be open around ours. */
function inKysely(db: Database): Exclusive {
  return (work) => db.connection().execute(async () => work());
}

// A smaller young generation than V8's default: measured, it kept the import's peak RSS growth at
// ~105 MB instead of ~165 MB (the target is < 150 MB) for no measurable loss of speed.
const resourceLimits = { maxYoungGenerationSizeMb: 16 };

function startWorker(file: 'import-worker.ts' | 'store-worker.ts', workerData: object, transferList: MessagePort[]): Worker {
  const options = { workerData, transferList, resourceLimits };
  if (!import.meta.url.endsWith('.ts')) {
    // Spelled out for the bundler, which makes each worker file an entry of its own.
    return file === 'import-worker.ts' ? new Worker(new URL('./import-worker.ts', import.meta.url), options) : new Worker(new URL('./store-worker.ts', import.meta.url), options);
  }
  // From TypeScript sources (tests, scripts), Node 20 applies no --import loader to a worker: it registers
  // tsx itself, and resolves modules under the condition the server's own were (server-only's).
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), file);
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: ['--conditions=react-server'] });
}

async function feed(worker: Worker, run: InBackground): Promise<CsvImportResult> {
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
  });
  // Done, or crashed: either way it takes no more chunks.
  const isDone = () => hasEnded;
  const send = (message: ToImportWorker) => worker.postMessage(message);
  try {
    for await (const bytes of run.zipChunks) {
      while (inFlight >= MAX_CHUNKS_IN_FLIGHT && !isDone()) await Promise.race([new Promise<void>((resolve) => (onAck = resolve)), ended]);
      if (isDone()) break; // the worker refused the file (or died): the rest is only downloaded for the raw copy
      inFlight += 1;
      send({ type: 'chunk', bytes, downloaded: run.bytesDownloaded() });
    }
    send({ type: 'end' });
  } catch (error) {
    send({ type: 'fail', failure: asResultFileError(error).toFailure() });
  }
  await ended;
  const outcome = result as WorkerResult | null;
  if (!outcome) return { failure: new ResultFileError('internal', 'The result file could not be imported: its worker thread stopped.', { retryable: true }), rowsImported: 0, counts: { succeeded: 0, failed: 0, not_processed: 0 } };
  const { failure } = outcome;
  return { ...outcome, failure: failure && new ResultFileError(failure.code, failure.message, { retryable: failure.retryable }) };
}

function nextMessage(worker: Worker): Promise<FromImportWorker | FromStoreThread> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
  });
}
