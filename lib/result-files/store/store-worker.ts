import 'server-only';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromStoreThread, ToStoreThread } from './block-sink-port';
import { openStoreThreadBlockStore, storeErrorMessage, type StoreLocation } from './block-stores';

// The store thread of an import (started by thread-pair.ts): writes the blocks the import worker
// parses, on its own connection to the database (the SQLite file, or the PostgreSQL server), so
// parsing the next rows and storing the last ones run side by side (~0.5 s of SQLite work for a
// 500,000-row file).

export interface StoreWorkerData {
  location: StoreLocation;
  port: MessagePort;
}

async function run({ location, port }: StoreWorkerData, parent: NonNullable<typeof parentPort>): Promise<void> {
  let opened: Awaited<ReturnType<typeof openStoreThreadBlockStore>>;
  try {
    // A connection lost while this thread waits for its import: the thread ends, so thread-pair.ts
    // starts another pair instead of handing this one out; lost during an import, the import fails too.
    opened = await openStoreThreadBlockStore(location, () => process.exit(1));
  } catch (error) {
    // Said to thread-pair.ts, which then imports in the server thread instead.
    parent.postMessage({ type: 'unavailable', error: storeErrorMessage(error, location) } satisfies FromStoreThread);
    port.close();
    return;
  }
  const { store } = opened;
  const answer = (message: FromStoreThread) => port.postMessage(message);
  let isClosed = false;
  const close = () => {
    if (isClosed) return;
    isClosed = true;
    port.close();
    // What was handed over is stored first: the import worker closes only after its drain.
    void store.drain().finally(() => opened.close()).catch(() => undefined);
  };
  port.on('message', (message: ToStoreThread) => {
    if (message.type === 'close') return close();
    const stored = message.type === 'header' ? store.writeHeader(message.header).then(() => true) : store.commit(message.commit);
    stored.then((ok) => answer({ type: 'ack', ok }), (error: unknown) => answer({ type: 'ack', error: storeErrorMessage(error, location) }));
  });
  // The import worker died without saying goodbye: nothing more will come.
  port.once('close', close);
  parent.postMessage({ type: 'ready' } satisfies FromStoreThread);
}

if (parentPort) void run(workerData as StoreWorkerData, parentPort);
