import 'server-only';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/database';
import { postgresClientConfig } from '../../db/postgres';

// The connections postgres-block-store.ts writes through: a store thread's own client, or the server
// thread's Kysely pool when the import runs there.

/** A statement the client prepares once per connection, by name. */
export interface Statement {
  name: string;
  text: string;
}
/** Runs a statement of the transaction; answers how many rows it changed. */
export type Query = (statement: Statement, values: unknown[]) => Promise<number>;

export interface PostgresSession {
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Block commits need not wait for their WAL to reach the disk: the import's end (markReady) commits
// synchronously, and PostgreSQL flushes WAL in order, so once the import is ready every block before it
// is durable. A server crash before that loses the last blocks with their progress, never one without
// the other, and the import is redone. (SQLite's synchronous = NORMAL makes the same trade.)
const ASYNC_COMMIT = 'set synchronous_commit = off';
// A block's cells (~75 KB) are compressed as PostgreSQL stores them: lz4 took the server ~40% of
// pglz's time for 500,000 rows, at about the same size. PostgreSQL 14+ built with lz4 (Debian's, the
// official images); elsewhere the SET fails and the server's default stays.
const FAST_COMPRESSION = 'set default_toast_compression = lz4';

/** A store thread's own connection (store-worker.ts); `onLost` when the server drops it. */
export async function openClientSession(location: { url: string; searchPath?: string }, onLost: () => void): Promise<PostgresSession> {
  const client = new pg.Client(postgresClientConfig(location));
  let isClosing = false;
  // Not an uncaught error: a statement running then fails and says so, and onLost is told.
  client.on('error', () => undefined);
  await client.connect();
  client.once('end', () => {
    if (!isClosing) onLost();
  });
  try {
    await client.query(ASYNC_COMMIT);
    await client.query(FAST_COMPRESSION).catch(() => undefined);
  } catch (error) {
    isClosing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    async transaction(work) {
      await client.query('begin');
      try {
        const result = await work(async (statement, values) => (await client.query({ ...statement, values })).rowCount ?? 0);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    },
    close: () => {
      isClosing = true;
      return client.end();
    },
  };
}

/** The server thread's pool, for an import that runs here (the workers could not start). */
export function kyselySession(db: Database): PostgresSession {
  const run = async (on: Pick<Database, 'executeQuery'>, text: string, values: unknown[]) => Number((await on.executeQuery(CompiledQuery.raw(text, values))).numAffectedRows ?? 0);
  return {
    transaction: (work) =>
      db.transaction().execute(async (trx) => {
        // LOCAL: the pooled connection goes back to the pool as it came.
        await run(trx, 'set local synchronous_commit = off', []);
        return work((statement, values) => run(trx, statement.text, values));
      }),
    close: async () => undefined,
  };
}
