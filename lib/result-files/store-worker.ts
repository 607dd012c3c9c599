import 'server-only';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { FromStoreThread, ToStoreThread } from './block-sink-port';
import { BlockStore } from './block-store';

// The store thread of an import (started by thread-pair.ts): writes the blocks the import worker
// parses, on its own connection to the database file, so parsing the next rows and storing the last
// ones run side by side (~0.5 s of SQLite work for a 500,000-row file).

export interface StoreWorkerData {
  dbFile: string;
  port: MessagePort;
}

function run({ dbFile, port }: StoreWorkerData, parent: NonNullable<typeof parentPort>): void {
  const sqlite = new SQLite(dbFile);
  // As lib/db/database.ts (WAL was set when the file was created). wal_autocheckpoint stays at its 4 MB:
  // a larger one made the import a little faster, but a server thread committing meanwhile then ran
  // the longer checkpoint itself and stalled ~100 ms, against ~30 ms now.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const store = new BlockStore(sqlite, async (work) => work());
  const answer = (message: FromStoreThread) => port.postMessage(message);
  const close = () => {
    port.close();
    if (sqlite.open) sqlite.close();
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
