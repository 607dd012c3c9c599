import 'server-only';
import path from 'node:path';
import { locationOf, type Database } from '../../db/database';
import { isPostgres } from '../../db/dialect';
import { withoutSecrets } from '../../db/postgres';
import type { BlockSink } from './block-sink';
import { PostgresBlockStore } from './postgres-block-store';
import { kyselySession, openClientSession } from './postgres-sessions';
import { openStoreThreadSqliteBlockStore, serverThreadSqliteBlockStore } from './sqlite-block-store';

// Which store writes an import's blocks, on which database: the one place that picks between
// sqlite-block-store.ts and postgres-block-store.ts.

/** Where a store thread opens its own connection: plain data, so it crosses into the thread as workerData. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; searchPath?: string };

/** Null when the database cannot be opened a second time (SQLite in memory): the import then stores here. */
export function storeLocationOf(db: Database): StoreLocation | null {
  const location = locationOf(db);
  if (!location) return null;
  if (location.kind === 'sqlite') return location.file === ':memory:' ? null : { kind: 'sqlite', file: path.resolve(location.file) };
  return { kind: 'postgres', url: location.url, ...(location.searchPath ? { searchPath: location.searchPath } : {}) };
}

/** A store on the server thread's own connections, for an import that runs here. */
export function serverThreadBlockStore(db: Database): BlockSink {
  return isPostgres(db) ? new PostgresBlockStore(kyselySession(db)) : serverThreadSqliteBlockStore(db);
}

/** A store thread's own connection to the database (store-worker.ts), and the store on it; `onLost` when a server drops it. */
export async function openStoreThreadBlockStore(location: StoreLocation, onLost: () => void): Promise<{ store: BlockSink; close: () => Promise<void> }> {
  if (location.kind === 'sqlite') {
    const { store, close } = openStoreThreadSqliteBlockStore(location.file);
    return { store, close: async () => close() };
  }
  const session = await openClientSession(location, onLost);
  return { store: new PostgresBlockStore(session), close: () => session.close() };
}

/** An error's message as a store thread reports it: never with the server's password. */
export function storeErrorMessage(error: unknown, location: StoreLocation): string {
  const message = error instanceof Error ? error.message : String(error);
  return location.kind === 'postgres' ? withoutSecrets(message, location.url) : message;
}
