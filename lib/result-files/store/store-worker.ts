import 'server-only';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromStoreThread, ToStoreThread } from './block-sink-port';
import { openStoreThreadBlockStore } from './sqlite-block-store';

// The store thread of an import (started by thread-pair.ts): writes the blocks the import worker
// parses, on its own connection to the database file, so parsing the next rows and storing the last
// ones run side by side (~0.5 s of SQLite work for a 500,000-row file).

export interface StoreWorkerData {
  dbFile: string;
  port: MessagePort;
}

function run({ dbFile, port }: StoreWorkerData, parent: NonNullable<typeof parentPort>): void {
  const { store, close: closeStore } = openStoreThreadBlockStore(dbFile);
  const answer = (message: FromStoreThread) => port.postMessage(message);
  const close = () => {
    port.close();
    closeStore();
  };
  port.on('message', (message: ToStoreThread) => {
    if (message.type === 'close') return close();
    const stored = message.type === 'header' ? store.writeHeader(message.header).then(() => true) : store.commit(message.commit);
    stored.then((ok) => answer({ type: 'ack', ok }), (error: unknown) => answer({ type: 'ack', error: error instanceof Error ? error.message : String(error) }));
  });
  // The import worker died without saying goodbye: nothing more will come.
  port.once('close', close);
  parent.postMessage({ type: 'ready' } satisfies FromStoreThread);
}

if (parentPort) run(workerData as StoreWorkerData, parentPort);
