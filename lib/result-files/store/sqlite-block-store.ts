import 'server-only';
import SQLite from 'better-sqlite3';
import { sqliteConnectionOf, type Database } from '../../db/database';
import type { BlockCommit, BlockSink, ResultHeader } from './block-sink';
import { outcomeLayout } from './columns';
import { FailureGroups } from './failure-groups';
import { cellsOfOutcome, OUTCOME_CODES } from './stored-block';
import { storedMessage } from './stored-text';
import type { ResultColumn } from '../shared/types';

// The blocks on SQLite: each one is one synchronous better-sqlite3 transaction of statements prepared
// once per import (Kysely compiling and binding them cost more than storing), on the server thread's
// connection or on a store thread's own. postgres-block-store.ts is its PostgreSQL twin.

/** Runs `work` when no other transaction holds the connection (Kysely's on a shared one). */
type Exclusive = <T>(work: () => T) => Promise<T>;

export class SqliteBlockStore implements BlockSink {
  private readonly header: SQLite.Statement;
  private readonly store: (commit: BlockCommit) => boolean;
  private readonly failures = new FailureGroups();
  private errorIndex: number | null = null;

  constructor(
    sqlite: SQLite.Database,
    private readonly exclusive: Exclusive,
  ) {
    const progress = sqlite.prepare(
      `update result_imports set rows_imported = @rows_imported, succeeded_count = @succeeded_count, failed_count = @failed_count, not_processed_count = @not_processed_count,
       bytes_downloaded = @bytes_downloaded, heartbeat_at = @heartbeat_at where id = @import_id and owner = @owner and status = 'importing'`,
    );
    const block = sqlite.prepare(
      'insert into result_row_blocks (import_id, first_row, row_count, outcomes, encoding, cells) values (@import_id, @first_row, @row_count, @outcomes, @encoding, @cells)',
    );
    const group = sqlite.prepare('insert into result_error_groups (import_id, rank, message, row_count, first_row) values (?, ?, ?, ?, ?)');
    this.header = sqlite.prepare('update result_imports set columns = @columns, csv_name = @csv_name, has_bom = @has_bom, line_ending = @line_ending where id = @import_id and owner = @owner');
    this.store = sqlite.transaction((commit: BlockCommit) => {
      if (progress.run(commit.progress).changes === 0) return false;
      if (commit.block) block.run(commit.block);
      if (commit.isLast) this.failures.ranked().forEach((g, i) => group.run(commit.progress.import_id, i + 1, storedMessage(g.message), g.row_count, g.first_row));
      return true;
    });
  }

  async writeHeader(header: ResultHeader): Promise<void> {
    this.errorIndex = outcomeLayout(JSON.parse(header.columns) as ResultColumn[]).errorIndex;
    await this.exclusive(() => this.header.run(header));
  }

  /**
   * Stores a block and the progress it makes in one transaction, so a reader sees whole blocks and
   * counts that match them (the partial view). False, storing nothing, when the import is no longer
   * the owner's (see recordProgress).
   */
  commit(commit: BlockCommit): Promise<boolean> {
    if (commit.block) cellsOfOutcome(commit.block, OUTCOME_CODES.failed, this.errorIndex, (message, rowNumber) => this.failures.add(message, rowNumber));
    return this.exclusive(() => this.store(commit));
  }

  /** Each commit is stored before it answers: nothing is ever pending. */
  async drain(): Promise<boolean> {
    return true;
  }
}

/** A store on the server thread's connection, shared with Kysely: for an import that runs here. */
export function serverThreadSqliteBlockStore(db: Database): SqliteBlockStore {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) throw new Error('The result-file import needs the SQLite database of lib/db/database.ts.');
  // Kysely's hold on the shared connection: no transaction of its own can be open around ours.
  return new SqliteBlockStore(sqlite, (work) => db.connection().execute(async () => work()));
}

/** A store thread's own connection to the database file (store-worker.ts), and the store on it. */
export function openStoreThreadSqliteBlockStore(file: string): { store: SqliteBlockStore; close: () => void } {
  const sqlite = new SQLite(file);
  // As lib/db/database.ts (WAL was set when the file was created). wal_autocheckpoint stays at its 4 MB:
  // a larger one made the import a little faster, but a server thread committing meanwhile then ran
  // the longer checkpoint itself and stalled ~100 ms, against ~30 ms now.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return {
    store: new SqliteBlockStore(sqlite, async (work) => work()),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
