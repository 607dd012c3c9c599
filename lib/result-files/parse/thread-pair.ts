import 'server-only';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { StoreLocation } from '../store/block-stores';

// The two threads of an import: import-worker.ts parses the CSV, store-worker.ts (in store/) writes the blocks
// on its own connection to the database (a SQLite file, or a PostgreSQL server); a MessageChannel
// carries the blocks between them. A console keeps one pair started ahead for its database, so an
// import does not wait for them to boot (~0.1 s from the bundled server, ~0.3 s from TypeScript
// sources) nor for the store thread to connect.

export interface ImportThreads {
  worker: Worker;
  storer: Worker;
}

interface Pair extends ImportThreads {
  isAlive: boolean;
  isTaken: boolean;
}

// Keyed by the location as JSON: the same database, however its object was made.
const spares = new Map<string, Promise<Pair>>();

/** Starts a pair for the next import into this database, unless one is waiting already. */
export async function prepareImportThreads(location: StoreLocation): Promise<void> {
  const key = JSON.stringify(location);
  let spare = spares.get(key);
  if (!spare) {
    spare = startPair(location);
    spares.set(key, spare);
    const started = spare;
    started.catch(() => {
      if (spares.get(key) === started) spares.delete(key);
    });
  }
  await spare.then(() => undefined, () => undefined);
}

/** A started pair: the waiting one when it is still alive, else a new one. Rejects when threads cannot start here. */
export async function takeImportThreads(location: StoreLocation): Promise<ImportThreads> {
  const key = JSON.stringify(location);
  const spare = spares.get(key);
  spares.delete(key);
  let pair = spare ? await spare.catch(() => null) : null;
  if (!pair?.isAlive) pair = await startPair(location);
  pair.isTaken = true;
  pair.worker.ref();
  pair.storer.ref();
  return pair;
}

async function startPair(location: StoreLocation): Promise<Pair> {
  const channel = new MessageChannel();
  const storer = startWorker('../store/store-worker.ts', { location, port: channel.port2 }, [channel.port2]);
  let worker: Worker;
  try {
    worker = startWorker('./import-worker.ts', { storePort: channel.port1 }, [channel.port1]);
  } catch (error) {
    void storer.terminate();
    throw error;
  }
  const pair: Pair = { worker, storer, isAlive: true, isTaken: false };
  for (const [thread, other] of [[worker, storer], [storer, worker]] as const) {
    thread.once('exit', () => {
      pair.isAlive = false;
      // Half a waiting pair is of no use: the other half goes too. (A working pair ends by itself.)
      if (!pair.isTaken) void other.terminate();
    });
    // Waiting for an import must not keep a script or a test run alive.
    thread.unref();
  }
  try {
    const messages = await Promise.all([firstMessage(worker), firstMessage(storer)]);
    const refusal = messages.find((m) => m.type !== 'ready');
    if (refusal) throw new Error(refusal.error ?? `unexpected first message ${refusal.type}`);
    return pair;
  } catch (error) {
    void worker.terminate();
    void storer.terminate();
    throw error;
  }
}

// A smaller young generation than V8's default: measured on a 500,000-row import, 16 MB kept the
// process's peak RSS ~50 MB lower than 64 MB, at the same speed (the target is < 150 MB of growth).
const resourceLimits = { maxYoungGenerationSizeMb: 16 };

function startWorker(file: './import-worker.ts' | '../store/store-worker.ts', workerData: object, transferList: MessagePort[]): Worker {
  const options = { workerData, transferList, resourceLimits };
  if (!import.meta.url.endsWith('.ts')) {
    // Spelled out for the bundler, which makes each worker file an entry of its own.
    return file === './import-worker.ts' ? new Worker(new URL('./import-worker.ts', import.meta.url), options) : new Worker(new URL('../store/store-worker.ts', import.meta.url), options);
  }
  // From TypeScript sources (tests, scripts), Node 20 applies no --import loader to a worker: it registers
  // tsx itself, and resolves modules under the condition the server's own were (server-only's).
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), file);
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: ['--conditions=react-server'] });
}

function firstMessage(worker: Worker): Promise<{ type: string; error?: string }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
  });
}
